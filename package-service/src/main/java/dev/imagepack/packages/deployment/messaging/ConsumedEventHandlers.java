package dev.imagepack.packages.deployment.messaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import dev.imagepack.events.PackageVersionUsage;
import dev.imagepack.events.PackageVisibilityChanged;
import dev.imagepack.events.RegionImageRemoved;
import dev.imagepack.events.RegionReplicated;
import dev.imagepack.events.RegionReplicationProgressed;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.packages.deployment.DeploymentPackage;
import dev.imagepack.packages.deployment.PackageEvent;
import dev.imagepack.packages.deployment.PackageService;
import dev.imagepack.packages.deployment.PackageVisibility;
import dev.imagepack.packages.deployment.ReplicationProgress;
import dev.imagepack.packages.deployment.ReplicationResult;
import dev.imagepack.platform.messaging.EventBatch;
import dev.imagepack.platform.messaging.EventMessages;

import static dev.imagepack.platform.messaging.EventFields.attempts;
import static dev.imagepack.platform.messaging.EventFields.id;
import static dev.imagepack.platform.messaging.EventFields.ids;
import static dev.imagepack.platform.messaging.EventFields.percent;
import static dev.imagepack.platform.messaging.EventFields.region;
import static dev.imagepack.platform.messaging.EventFields.revision;
import static dev.imagepack.platform.messaging.EventFields.versionName;
import static dev.imagepack.platform.messaging.EventFields.versionNumber;

/**
 * What package-service learns from others: per-region replication results from
 * {@code replication-events}, and each package's visibility and the services using it
 * from {@code permission-events}. Each event changes its package at most once, whatever
 * order and however often it arrives.
 */
@Configuration(proxyBeanMethods = false)
class ConsumedEventHandlers {

	private static final Logger logger = LoggerFactory.getLogger(ConsumedEventHandlers.class);

	/**
	 * Replication reports a version's regions in bursts (progress, then the result, for
	 * every region), so this binding consumes a poll's records at once: the packages they
	 * name are read together, and written together, each once for all of its events.
	 */
	@Bean
	Consumer<Message<List<Object>>> recordReplicationResults(PackageService packages) {
		return (message) -> {
			Map<String, List<PackageService.ConsumedEvent>> byPackage = new LinkedHashMap<>();
			RuntimeException unreadable = null;
			int unreadableAt = -1;
			for (EventBatch.Entry entry : EventBatch.of(message).entries()) {
				try {
					Keyed keyed = replicationEvent(entry);
					if (keyed != null) {
						byPackage.computeIfAbsent(keyed.packageId(), (id) -> new ArrayList<>()).add(keyed.event());
					}
				}
				catch (RuntimeException ex) {
					unreadable = ex;
					unreadableAt = entry.index();
					break;
				}
			}
			PackageService.FailedEvent first = packages.applyConsumedEvents(byPackage).orElse(null);
			if (first != null) {
				throw EventBatch.failedAt(first.event().index(), first.cause());
			}
			if (unreadable != null) {
				throw EventBatch.failedAt(unreadableAt, unreadable);
			}
		};
	}

	private static @Nullable Keyed replicationEvent(EventBatch.Entry entry) {
		if (entry.failure() != null) {
			throw entry.failure();
		}
		CloudEventAttributes attributes = Objects.requireNonNull(entry.attributes());
		SpecificRecord payload = entry.event();
		if (payload instanceof RegionReplicationProgressed progressed) {
			String packageId = id(progressed.getPackageId(), "packageId");
			int number = versionNumber(progressed.getVersionNumber());
			String region = region(progressed.getRegion());
			int percent = percent(progressed.getPercent());
			int attempt = attempts(progressed.getAttempt());
			return new Keyed(packageId, new PackageService.ConsumedEvent(entry.index(), attributes.id(), (found) -> {
				found.recordProgress(number, region, new ReplicationProgress(percent, attempt,
						progressed.getStartedAt(), progressed.getReportedAt()));
				return List.of();
			}));
		}
		if (payload instanceof RegionReplicated replicated) {
			String packageId = id(replicated.getPackageId(), "packageId");
			int number = versionNumber(replicated.getVersionNumber());
			String region = region(replicated.getRegion());
			if (replicated.getSucceeded() && replicated.getRegionalImageId() == null) {
				throw new IllegalArgumentException("RegionReplicated for package " + packageId + " reports region "
						+ region + " succeeded without a regionalImageId");
			}
			String imageId = replicated.getSucceeded()
					? id(replicated.getRegionalImageId(), "regionalImageId of a succeeded region") : null;
			ReplicationResult result = new ReplicationResult(region, replicated.getSucceeded(), imageId,
					replicated.getFailureCode(), replicated.getFailureReason(), attempts(replicated.getAttempts()),
					replicated.getStartedAt(), replicated.getFinishedAt());
			return new Keyed(packageId, new PackageService.ConsumedEvent(entry.index(), attributes.id(),
					(found) -> found.recordResult(number, result, replicated.getFinishedAt())));
		}
		if (payload instanceof RegionImageRemoved removed) {
			String packageId = id(removed.getPackageId(), "packageId");
			int number = versionNumber(removed.getVersionNumber());
			String region = region(removed.getRegion());
			return new Keyed(packageId, new PackageService.ConsumedEvent(entry.index(), attributes.id(), (found) -> {
				found.recordRemoval(number, region, removed.getRemovedAt());
				return List.of();
			}));
		}
		logger.atDebug().addKeyValue("type", attributes.type()).log("Event of no concern skipped");
		return null;
	}

	@Bean
	Consumer<Message<SpecificRecord>> recordPackageVisibility(PackageService packages) {
		return (message) -> {
			CloudEventAttributes attributes = EventMessages.attributesOf(message.getHeaders());
			if (!(EventMessages.eventOf(message) instanceof PackageVisibilityChanged changed)) {
				logger.atDebug().addKeyValue("type", attributes.type()).log("Event of no concern skipped");
				return;
			}
			String packageId = id(changed.getPackageId(), "packageId");
			PackageVisibility visibility = new PackageVisibility(changed.getVisibility().name(),
					ids(changed.getAllowedAccountIds(), "allowedAccountIds"),
					ids(changed.getContributingServiceIds(), "contributingServiceIds"),
					changed.getVersionUsages().stream().map(ConsumedEventHandlers::usage).toList(),
					revision(changed.getRevision(), "visibility"));
			apply(packages, packageId, attributes, (found) -> {
				if (!found.getOwnerAccountId().equals(changed.getOwnerAccountId())) {
					// Thrown, not skipped: after the binding's retries the event is
					// dead-lettered with this reason for an operator to see.
					throw new IllegalArgumentException("PackageVisibilityChanged for package " + changed.getPackageId()
							+ " names owner " + changed.getOwnerAccountId()
							+ ", which does not own it; the visibility was not applied");
				}
				found.applyVisibility(visibility);
				return List.of();
			});
		};
	}

	/**
	 * A consumed event and the package it is about.
	 */
	private record Keyed(String packageId, PackageService.ConsumedEvent event) {

	}

	/**
	 * A version's usage: the draft or a published version's number, and the services
	 * using it.
	 */
	private static PackageVisibility.VersionUsage usage(PackageVersionUsage usage) {
		return new PackageVisibility.VersionUsage(versionName(usage.getVersion(), "versionUsages"),
				ids(usage.getServiceIds(), "serviceIds"));
	}

	private static void apply(PackageService packages, String packageId, CloudEventAttributes attributes,
			Function<DeploymentPackage, List<PackageEvent>> rule) {
		if (!packages.applyConsumedEvent(packageId, attributes.id(), rule)) {
			logger.atWarn()
				.addKeyValue("packageId", packageId)
				.addKeyValue("eventId", attributes.id())
				.addKeyValue("type", attributes.type())
				.log("Event for an unknown package skipped");
		}
	}

}
