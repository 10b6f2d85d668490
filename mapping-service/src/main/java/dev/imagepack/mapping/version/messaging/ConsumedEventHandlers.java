package dev.imagepack.mapping.version.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import dev.imagepack.events.PackageDeleted;
import dev.imagepack.events.PackageVisibilityChanged;
import dev.imagepack.events.RegionImageRemoved;
import dev.imagepack.events.RegionReplicated;
import dev.imagepack.events.RegionReplicationProgressed;
import dev.imagepack.events.VersionDeleted;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.VersionRetryRequested;
import dev.imagepack.events.VersionSaved;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.mapping.access.AccessLevel;
import dev.imagepack.mapping.access.PackageAccess;
import dev.imagepack.mapping.version.MappingUpdates;
import dev.imagepack.mapping.version.PublishedContent;
import dev.imagepack.mapping.version.ReplicaProgress;
import dev.imagepack.mapping.version.ReplicaResult;
import dev.imagepack.mapping.version.SavedDraft;
import dev.imagepack.platform.messaging.EventBatch;
import dev.imagepack.platform.messaging.EventMessages;

import static dev.imagepack.mapping.version.messaging.EventChecks.source;
import static dev.imagepack.platform.messaging.EventFields.attempts;
import static dev.imagepack.platform.messaging.EventFields.id;
import static dev.imagepack.platform.messaging.EventFields.ids;
import static dev.imagepack.platform.messaging.EventFields.percent;
import static dev.imagepack.platform.messaging.EventFields.region;
import static dev.imagepack.platform.messaging.EventFields.regions;
import static dev.imagepack.platform.messaging.EventFields.revision;
import static dev.imagepack.platform.messaging.EventFields.versionName;
import static dev.imagepack.platform.messaging.EventFields.versionNumber;

/**
 * What mapping-service learns from others: drafts, published versions, retries and
 * deletions from {@code package-events}; per-region progress, results and removals from
 * {@code replication-events}; visibility from {@code permission-events}.
 * {@code VersionDistributionSettled} is skipped: the per-region results already say
 * everything it sums up.
 */
@Configuration(proxyBeanMethods = false)
class ConsumedEventHandlers {

	private static final Logger logger = LoggerFactory.getLogger(ConsumedEventHandlers.class);

	@Bean
	Consumer<Message<SpecificRecord>> trackPackageVersions(MappingUpdates updates) {
		return (message) -> {
			CloudEventAttributes attributes = EventMessages.attributesOf(message.getHeaders());
			SpecificRecord payload = EventMessages.eventOf(message);
			if (payload instanceof VersionSaved saved) {
				String owner = id(saved.getOwnerAccountId(), "ownerAccountId");
				SavedDraft draft = new SavedDraft(source(saved.getContent()), regions(saved.getRegions()),
						saved.getSavedAt());
				updates.apply(id(saved.getPackageId(), "packageId"), attributes.id(), attributes.type(),
						(mapping) -> mapping.saveDraft(owner, draft));
			}
			else if (payload instanceof VersionPublished published) {
				String owner = id(published.getOwnerAccountId(), "ownerAccountId");
				int number = versionNumber(published.getVersionNumber());
				PublishedContent content = new PublishedContent(source(published.getContent()),
						regions(published.getRegions()), published.getPublishedAt());
				updates.apply(id(published.getPackageId(), "packageId"), attributes.id(), attributes.type(),
						(mapping) -> mapping.publish(owner, number, content));
			}
			else if (payload instanceof VersionRetryRequested retry) {
				int number = versionNumber(retry.getVersionNumber());
				List<String> regions = regions(retry.getRegions());
				updates.apply(id(retry.getPackageId(), "packageId"), attributes.id(), attributes.type(),
						(mapping) -> mapping.requestRetry(number, regions, retry.getRequestedAt()));
			}
			else if (payload instanceof VersionDeleted deleted) {
				String owner = id(deleted.getOwnerAccountId(), "ownerAccountId");
				Integer number = deleted.getVersionNumber();
				if (number != null) {
					versionNumber(number);
				}
				updates.apply(id(deleted.getPackageId(), "packageId"), attributes.id(), attributes.type(),
						(mapping) -> (number != null) ? mapping.deleteVersion(owner, number, deleted.getDeletedAt())
								: mapping.deleteDraft(owner, deleted.getDeletedAt()));
			}
			else if (payload instanceof PackageDeleted deleted) {
				String owner = id(deleted.getOwnerAccountId(), "ownerAccountId");
				updates.apply(id(deleted.getPackageId(), "packageId"), attributes.id(), attributes.type(),
						(mapping) -> mapping.delete(owner, deleted.getDeletedAt()));
			}
			else {
				logger.atDebug().addKeyValue("type", attributes.type()).log("Event of no concern skipped");
			}
		};
	}

	/**
	 * Replication reports a version's regions in bursts (progress, then the result, for
	 * every region), so this binding consumes a poll's records at once and writes each
	 * package once for all of its events in them.
	 */
	@Bean
	Consumer<Message<List<Object>>> trackRegionReplicas(MappingUpdates updates) {
		return (message) -> {
			List<MappingUpdates.Change> changes = new ArrayList<>();
			RuntimeException unreadable = null;
			int unreadableAt = -1;
			for (EventBatch.Entry entry : EventBatch.of(message).entries()) {
				try {
					MappingUpdates.Change change = replicaChange(entry);
					if (change != null) {
						changes.add(change);
					}
				}
				catch (RuntimeException ex) {
					unreadable = ex;
					unreadableAt = entry.index();
					break;
				}
			}
			Optional<MappingUpdates.FailedChange> failed = updates.applyAll(changes);
			if (failed.isPresent()) {
				throw EventBatch.failedAt(failed.get().change().index(), failed.get().cause());
			}
			if (unreadable != null) {
				throw EventBatch.failedAt(unreadableAt, unreadable);
			}
		};
	}

	private static MappingUpdates.@Nullable Change replicaChange(EventBatch.Entry entry) {
		if (entry.failure() != null) {
			throw entry.failure();
		}
		CloudEventAttributes attributes = Objects.requireNonNull(entry.attributes());
		SpecificRecord payload = entry.event();
		if (payload instanceof RegionReplicationProgressed progressed) {
			int number = versionNumber(progressed.getVersionNumber());
			String region = region(progressed.getRegion());
			ReplicaProgress progress = new ReplicaProgress(percent(progressed.getPercent()),
					attempts(progressed.getAttempt()), progressed.getReportedAt());
			return new MappingUpdates.Change(entry.index(), id(progressed.getPackageId(), "packageId"), attributes.id(),
					(mapping) -> mapping.recordProgress(number, region, progress));
		}
		if (payload instanceof RegionReplicated replicated) {
			int number = versionNumber(replicated.getVersionNumber());
			String region = region(replicated.getRegion());
			ReplicaResult result = result(replicated);
			return new MappingUpdates.Change(entry.index(), id(replicated.getPackageId(), "packageId"), attributes.id(),
					(mapping) -> mapping.recordResult(number, region, result));
		}
		if (payload instanceof RegionImageRemoved removed) {
			int number = versionNumber(removed.getVersionNumber());
			String region = region(removed.getRegion());
			return new MappingUpdates.Change(entry.index(), id(removed.getPackageId(), "packageId"), attributes.id(),
					(mapping) -> mapping.recordRemoval(number, region, removed.getRemovedAt()));
		}
		logger.atDebug().addKeyValue("type", attributes.type()).log("Event of no concern skipped");
		return null;
	}

	@Bean
	Consumer<Message<SpecificRecord>> trackPackageVisibility(MappingUpdates updates) {
		return (message) -> {
			CloudEventAttributes attributes = EventMessages.attributesOf(message.getHeaders());
			if (!(EventMessages.eventOf(message) instanceof PackageVisibilityChanged changed)) {
				logger.atDebug().addKeyValue("type", attributes.type()).log("Event of no concern skipped");
				return;
			}
			String owner = id(changed.getOwnerAccountId(), "ownerAccountId");
			revision(changed.getRevision(), "visibility");
			List<String> allowed = ids(changed.getAllowedAccountIds(), "allowedAccountIds");
			// Not used here, but checked as package-service checks them, so that the two
			// apply or refuse the same events.
			ids(changed.getContributingServiceIds(), "contributingServiceIds");
			changed.getVersionUsages().forEach((usage) -> {
				versionName(usage.getVersion(), "versionUsages");
				ids(usage.getServiceIds(), "serviceIds");
			});
			PackageAccess access = new PackageAccess(level(changed), allowed, changed.getRevision());
			updates.apply(id(changed.getPackageId(), "packageId"), attributes.id(), attributes.type(),
					(mapping) -> mapping.changeAccess(owner, access));
		};
	}

	private static AccessLevel level(PackageVisibilityChanged changed) {
		return switch (changed.getVisibility()) {
			case PUBLIC -> AccessLevel.PUBLIC;
			case WHITELIST -> AccessLevel.WHITELIST;
			// A level this service does not know admits no more than the owner.
			default -> AccessLevel.PRIVATE;
		};
	}

	private static ReplicaResult result(RegionReplicated replicated) {
		int attempts = attempts(replicated.getAttempts());
		if (replicated.getSucceeded()) {
			String imageId = id(replicated.getRegionalImageId(), "regionalImageId of a succeeded region");
			return new ReplicaResult(true, imageId, null, null, attempts, replicated.getFinishedAt());
		}
		return new ReplicaResult(false, null, replicated.getFailureCode(), replicated.getFailureReason(), attempts,
				replicated.getFinishedAt());
	}

}
