package dev.imagepack.packages.deployment.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import dev.imagepack.events.catalog.EventCatalog.Topic;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.events.kafka.EventSerializer;
import dev.imagepack.packages.deployment.DeploymentPackage;
import dev.imagepack.packages.deployment.PackageEvent;
import dev.imagepack.packages.deployment.PackageEventOutbox;
import dev.imagepack.packages.deployment.PendingEvent;
import dev.imagepack.platform.messaging.EventMessages;

/**
 * The transactional outbox of packages without transactions: events are stored inside the
 * package document in the same write as the change, then sent to {@code package-events}
 * in order and removed once Kafka acknowledged them. A saved package is relayed at once;
 * a sweep picks up whatever a stopped broker or a crash left behind, so no event is lost.
 * An event can be sent twice (a crash between send and removal); consumers drop it by
 * {@code ce_id}.
 */
@Component
class PendingEventRelay implements PackageEventOutbox, SmartLifecycle {

	static final String SOURCE = "/package-service";

	private static final Logger logger = LoggerFactory.getLogger(PendingEventRelay.class);

	private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(2);

	private static final String PENDING_EVENTS = "pendingEvents";

	private final MongoTemplate mongo;

	private final StreamBridge streamBridge;

	private final Clock clock;

	private final EventSerializer serializer = new EventSerializer();

	private final BlockingQueue<String> due = new LinkedBlockingQueue<>();

	private volatile @Nullable Thread worker;

	PendingEventRelay(MongoTemplate mongo, StreamBridge streamBridge, Clock clock) {
		this.mongo = mongo;
		this.streamBridge = streamBridge;
		this.clock = clock;
	}

	@Override
	public void append(DeploymentPackage deploymentPackage, List<PackageEvent> events) {
		for (PackageEvent fact : events) {
			PackageEventMapper.Mapped mapped = PackageEventMapper.map(deploymentPackage, fact);
			CloudEventAttributes attributes = CloudEventAttributes.newEvent(mapped.event(), SOURCE, mapped.subject(),
					this.clock);
			byte[] payload = this.serializer.serialize(Topic.PACKAGE_EVENTS.topicName(), mapped.event());
			deploymentPackage.addPendingEvent(
					new PendingEvent(attributes.id(), attributes.type(), mapped.subject(), payload, fact.at()));
		}
	}

	@Override
	public void relaySoon(String packageId) {
		this.due.offer(packageId);
	}

	private void run() {
		while (!Thread.currentThread().isInterrupted()) {
			try {
				String packageId = this.due.poll(SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
				if (packageId != null) {
					relay(packageId);
				}
				else {
					sweep();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException | Error ex) {
				// The relay thread must outlive any failure: events that stay pending are
				// retried on the next sweep.
				logger.atError().setCause(ex).log("Relaying pending events failed; retrying on the next sweep");
			}
		}
	}

	private void sweep() {
		Query withPending = Query.query(Criteria.where(PENDING_EVENTS + ".0").exists(true)).limit(100);
		withPending.fields().include("_id");
		// Read as plain documents: the projection holds only the ID, which the package
		// class cannot be built from.
		for (Document found : this.mongo.find(withPending, Document.class,
				this.mongo.getCollectionName(DeploymentPackage.class))) {
			relay(found.get("_id", String.class));
		}
	}

	/**
	 * Sends a package's pending events in order, stopping at the first failure so that
	 * order is kept, and removes the ones Kafka acknowledged.
	 */
	int relay(String packageId) {
		List<PendingEvent> pending = pendingEvents(packageId);
		if (pending.isEmpty()) {
			return 0;
		}
		List<String> sent = new ArrayList<>();
		try {
			for (PendingEvent event : pending) {
				CloudEventAttributes attributes = new CloudEventAttributes(event.eventId(), event.type(), SOURCE,
						event.occurredAt(), event.subject());
				this.streamBridge.send(Topic.PACKAGE_EVENTS.topicName(),
						EventMessages.toMessage(event.payload(), packageId, attributes));
				sent.add(event.eventId());
			}
		}
		catch (RuntimeException ex) {
			logger.atWarn()
				.addKeyValue("packageId", packageId)
				.addKeyValue("pending", pending.size() - sent.size())
				.setCause(ex)
				.log("Kafka did not take the package's events; they stay pending");
		}
		if (!sent.isEmpty()) {
			logger.atDebug()
				.addKeyValue("packageId", packageId)
				.addKeyValue("events", sent.size())
				.log("Events relayed");
			// The revision moves, so that a save of a copy read before this removal fails
			// and is retried instead of bringing the sent events back; the entity tag,
			// which counts only visible changes, stays.
			this.mongo.updateFirst(Query.query(Criteria.where("_id").is(packageId)),
					new Update().pull(PENDING_EVENTS, new Document("eventId", new Document("$in", sent)))
						.inc("revision", 1),
					this.mongo.getCollectionName(DeploymentPackage.class));
		}
		return sent.size();
	}

	/**
	 * A package's pending events, read alone: the rest of the package is neither sent
	 * over the wire nor decoded.
	 */
	private List<PendingEvent> pendingEvents(String packageId) {
		Query byId = Query.query(Criteria.where("_id").is(packageId));
		byId.fields().include(PENDING_EVENTS);
		Document found = this.mongo.findOne(byId, Document.class,
				this.mongo.getCollectionName(DeploymentPackage.class));
		if (found == null) {
			return List.of();
		}
		List<PendingEvent> pending = new ArrayList<>();
		for (Document event : found.getList(PENDING_EVENTS, Document.class, List.of())) {
			pending.add(this.mongo.getConverter().read(PendingEvent.class, event));
		}
		return pending;
	}

	@Override
	public void start() {
		Thread thread = new Thread(this::run, "package-event-relay");
		thread.setDaemon(true);
		this.worker = thread;
		thread.start();
	}

	@Override
	public void stop() {
		Thread thread = this.worker;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(Duration.ofSeconds(10).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.worker = null;
	}

	@Override
	public boolean isRunning() {
		return this.worker != null;
	}

}
