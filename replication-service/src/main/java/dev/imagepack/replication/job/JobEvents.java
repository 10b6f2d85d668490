package dev.imagepack.replication.job;

import java.time.Clock;
import java.time.Instant;

import org.apache.avro.specific.SpecificRecord;
import org.jspecify.annotations.Nullable;

import dev.imagepack.events.RegionImageRemoved;
import dev.imagepack.events.RegionReplicated;
import dev.imagepack.events.RegionReplicationProgressed;
import dev.imagepack.events.catalog.EventCatalog.Topic;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.events.kafka.EventSerializer;

/**
 * Turns what happened to a job into the events of {@code replication-events}, encoded and
 * ready to be stored with the job.
 */
class JobEvents {

	static final String SOURCE = "/replication-service";

	private final EventSerializer serializer = new EventSerializer();

	private final Clock clock;

	JobEvents(Clock clock) {
		this.clock = clock;
	}

	OutgoingEvent progressed(ReplicationJob job, Instant now) {
		return encode(job,
				RegionReplicationProgressed.newBuilder()
					.setPackageId(job.getPackageId())
					.setVersionNumber(job.getVersionNumber())
					.setRegion(job.getRegion())
					.setPercent(job.getPercent())
					.setAttempt(Math.max(1, job.getAttempts()))
					.setEstimatedCompletionAt(job.getEstimatedCompletionAt())
					.setReportedAt(now)
					.setStartedAt(job.getRoundStartedAt())
					.build(),
				now);
	}

	OutgoingEvent replicated(ReplicationJob job, Instant now) {
		boolean succeeded = job.getStatus() == JobStatus.SUCCEEDED;
		return encode(job,
				RegionReplicated.newBuilder()
					.setPackageId(job.getPackageId())
					.setVersionNumber(job.getVersionNumber())
					.setRegion(job.getRegion())
					.setSucceeded(succeeded)
					.setRegionalImageId(succeeded ? job.getRegionalImageId() : null)
					.setFailureCode(succeeded ? null : job.getFailureCode())
					.setFailureReason(succeeded ? null : job.getFailureReason())
					.setAttempts(Math.max(1, job.getAttempts()))
					.setStartedAt(job.getRoundStartedAt())
					.setFinishedAt(now)
					.build(),
				now);
	}

	OutgoingEvent removed(ReplicationJob job, @Nullable String removedImageId, Instant now) {
		return encode(job,
				RegionImageRemoved.newBuilder()
					.setPackageId(job.getPackageId())
					.setVersionNumber(job.getVersionNumber())
					.setRegion(job.getRegion())
					.setRegionalImageId(removedImageId)
					.setRemovedAt(now)
					.build(),
				now);
	}

	private OutgoingEvent encode(ReplicationJob job, SpecificRecord event, Instant at) {
		String subject = job.getPackageId() + "/versions/" + job.getVersionNumber() + "/regions/" + job.getRegion();
		CloudEventAttributes attributes = CloudEventAttributes.newEvent(event, SOURCE, subject, this.clock);
		byte[] payload = this.serializer.serialize(Topic.REPLICATION_EVENTS.topicName(), event);
		return new OutgoingEvent(attributes.id(), attributes.type(), subject, payload, at);
	}

}
