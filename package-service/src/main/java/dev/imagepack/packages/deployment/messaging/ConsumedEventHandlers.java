package dev.imagepack.packages.deployment.messaging;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
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
import dev.imagepack.packages.deployment.ReplicationResult;
import dev.imagepack.platform.messaging.EventMessages;

/**
 * What package-service learns from others: per-region replication results from
 * {@code replication-events}, and each package's visibility and the services using it
 * from {@code permission-events}. Each event changes its package at most once, whatever
 * order and however often it arrives.
 */
@Configuration(proxyBeanMethods = false)
class ConsumedEventHandlers {

	private static final Logger logger = LoggerFactory.getLogger(ConsumedEventHandlers.class);

	@Bean
	Consumer<Message<SpecificRecord>> recordReplicationResults(PackageService packages) {
		return (message) -> {
			CloudEventAttributes attributes = EventMessages.attributesOf(message.getHeaders());
			SpecificRecord payload = message.getPayload();
			if (payload instanceof RegionReplicationProgressed progressed) {
				apply(packages, progressed.getPackageId(), attributes, (found) -> {
					found.recordProgress(progressed.getVersionNumber(), progressed.getRegion(), progressed.getPercent(),
							progressed.getAttempt(), progressed.getReportedAt());
					return List.of();
				});
			}
			else if (payload instanceof RegionReplicated replicated) {
				ReplicationResult result = new ReplicationResult(replicated.getRegion(), replicated.getSucceeded(),
						replicated.getRegionalImageId(), replicated.getFailureCode(), replicated.getFailureReason(),
						replicated.getAttempts(), replicated.getStartedAt(), replicated.getFinishedAt());
				apply(packages, replicated.getPackageId(), attributes, (found) -> found
					.recordResult(replicated.getVersionNumber(), result, replicated.getFinishedAt()));
			}
			else if (payload instanceof RegionImageRemoved removed) {
				apply(packages, removed.getPackageId(), attributes, (found) -> {
					found.recordRemoval(removed.getVersionNumber(), removed.getRegion(), removed.getRemovedAt());
					return List.of();
				});
			}
			else {
				logger.atDebug().addKeyValue("type", attributes.type()).log("Event of no concern skipped");
			}
		};
	}

	@Bean
	Consumer<Message<SpecificRecord>> recordPackageVisibility(PackageService packages) {
		return (message) -> {
			CloudEventAttributes attributes = EventMessages.attributesOf(message.getHeaders());
			if (!(message.getPayload() instanceof PackageVisibilityChanged changed)) {
				logger.atDebug().addKeyValue("type", attributes.type()).log("Event of no concern skipped");
				return;
			}
			PackageVisibility visibility = new PackageVisibility(changed.getVisibility().name(),
					changed.getAllowedAccountIds(), changed.getContributingServiceIds(),
					changed.getVersionUsages().stream().map(ConsumedEventHandlers::usage).toList(),
					changed.getRevision());
			apply(packages, changed.getPackageId(), attributes, (found) -> {
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

	private static PackageVisibility.VersionUsage usage(PackageVersionUsage usage) {
		return new PackageVisibility.VersionUsage(usage.getVersion(), usage.getServiceIds());
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
