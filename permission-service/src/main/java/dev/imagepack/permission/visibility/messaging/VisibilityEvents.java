package dev.imagepack.permission.visibility.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagepack.events.PackageVersionRef;
import dev.imagepack.events.PackageVersionUsage;
import dev.imagepack.events.PackageVisibility;
import dev.imagepack.events.PackageVisibilityChanged;
import dev.imagepack.events.ServiceStatus;
import dev.imagepack.events.ServiceVisibility;
import dev.imagepack.events.ServiceVisibilityChanged;
import dev.imagepack.events.catalog.EventCatalog;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.permission.visibility.PackageAccess;
import dev.imagepack.permission.visibility.RejectionReporter;
import dev.imagepack.permission.visibility.ServiceRecord;
import dev.imagepack.permission.visibility.VisibilityPublisher;
import dev.imagepack.platform.messaging.EventMessages;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends what permission-service has to say: each package's changed visibility to
 * {@code permission-events}, with an event ID derived from the package and revision so
 * that a resend is a duplicate, and rejected services to the dead-letter topic of
 * {@code service-visibility-events}. A background sweep resends visibilities that Kafka
 * did not take.
 */
class VisibilityEvents implements VisibilityPublisher, RejectionReporter.DeadLetters, SmartLifecycle {

	static final String VISIBILITY_BINDING = "permission-events";

	static final String DEAD_LETTER_BINDING = "rejected-associations";

	static final String REASON_HEADER = "dead-letter-reason";

	private static final String SOURCE = "/permission-service";

	private static final long SWEEP_MILLIS = 5_000;

	private static final Logger logger = LoggerFactory.getLogger(VisibilityEvents.class);

	private final StreamBridge streamBridge;

	private final MongoTemplate mongo;

	private volatile @Nullable Thread sweeper;

	VisibilityEvents(StreamBridge streamBridge, MongoTemplate mongo) {
		this.streamBridge = streamBridge;
		this.mongo = mongo;
	}

	@Override
	public void publish(PackageAccess changed) {
		PackageVisibilityChanged event = PackageVisibilityChanged.newBuilder()
			.setPackageId(changed.getId())
			.setOwnerAccountId(changed.getOwnerAccountId())
			.setVisibility(PackageVisibility.valueOf(changed.getVisibility().level()))
			.setAllowedAccountIds(changed.getVisibility().allowedAccountIds())
			.setContributingServiceIds(changed.getVisibility().contributingServiceIds())
			.setVersionUsages(changed.getVisibility()
				.versionUsages()
				.stream()
				.map((usage) -> new PackageVersionUsage(usage.version(), usage.serviceIds()))
				.toList())
			.setRevision(changed.getRevision())
			.setChangedAt((changed.getChangedAt() != null) ? changed.getChangedAt() : Instant.now())
			.build();
		String eventId = changed.getId() + "/visibility/" + changed.getRevision();
		try {
			this.streamBridge.send(VISIBILITY_BINDING,
					EventMessages.toMessage(event, attributes(eventId, event, event.getChangedAt(), changed.getId())));
		}
		catch (RuntimeException ex) {
			logger.atWarn()
				.addKeyValue("packageId", changed.getId())
				.addKeyValue("revision", changed.getRevision())
				.setCause(ex)
				.log("Kafka did not take the visibility; it is sent again later");
			return;
		}
		this.mongo.updateFirst(
				Query.query(Criteria.where("_id").is(changed.getId()).and("revision").is(changed.getRevision())),
				new Update().set("published", true), PackageAccess.class);
	}

	@Override
	public void send(ServiceRecord service, String reason) {
		ServiceVisibilityChanged event = ServiceVisibilityChanged.newBuilder()
			.setServiceId(service.id())
			.setOwnerAccountId(service.ownerAccountId())
			.setVisibility(visibility(service.visibility()))
			.setWhitelistAccountIds(service.whitelistAccountIds())
			.setPackageVersions(service.packageVersions()
				.stream()
				.map((ref) -> new PackageVersionRef(ref.packageId(), ref.version()))
				.toList())
			.setStatus(service.active() ? ServiceStatus.ACTIVE : ServiceStatus.DELETED)
			.setRevision(service.revision())
			.setChangedAt((service.changedAt() != null) ? service.changedAt() : Instant.now())
			.build();
		Message<SpecificRecord> letter = MessageBuilder
			.fromMessage(EventMessages.toMessage(event,
					attributes(UUID.randomUUID().toString(), event, Instant.now(), service.id())))
			.setHeader(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8))
			.build();
		try {
			this.streamBridge.send(DEAD_LETTER_BINDING, letter);
		}
		catch (RuntimeException ex) {
			logger.atError()
				.addKeyValue("serviceId", service.id())
				.setCause(ex)
				.log("The rejected association could not be dead-lettered; it stays recorded in the store");
		}
	}

	private static ServiceVisibility visibility(String level) {
		try {
			return ServiceVisibility.valueOf(level);
		}
		catch (IllegalArgumentException ex) {
			return ServiceVisibility.UNKNOWN;
		}
	}

	private static CloudEventAttributes attributes(String eventId, SpecificRecord event, Instant time, String subject) {
		return new CloudEventAttributes(eventId, EventCatalog.of(event).name(), SOURCE, time, subject);
	}

	private void sweep() {
		while (!Thread.currentThread().isInterrupted()) {
			try {
				Thread.sleep(SWEEP_MILLIS);
				unpublishedFor(Duration.ofMillis(SWEEP_MILLIS), Instant.now()).forEach(this::publish);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				logger.atWarn().setCause(ex).log("Sweeping unpublished visibilities failed; retrying");
			}
		}
	}

	/**
	 * The visibilities still unpublished some time after they changed. One that changed
	 * just now is being sent by the change itself, and a sweep that sent it too would
	 * send it twice.
	 */
	List<PackageAccess> unpublishedFor(Duration grace, Instant now) {
		Criteria settled = new Criteria().orOperator(Criteria.where("changedAt").lt(now.minus(grace)),
				Criteria.where("changedAt").exists(false));
		return this.mongo.find(
				Query.query(new Criteria().andOperator(Criteria.where("published").is(false), settled)).limit(500),
				PackageAccess.class);
	}

	@Override
	public void start() {
		Thread thread = new Thread(this::sweep, "visibility-sweep");
		thread.setDaemon(true);
		this.sweeper = thread;
		thread.start();
	}

	@Override
	public void stop() {
		Thread thread = this.sweeper;
		if (thread != null) {
			thread.interrupt();
		}
		this.sweeper = null;
	}

	@Override
	public boolean isRunning() {
		return this.sweeper != null;
	}

}
