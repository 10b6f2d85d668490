package dev.imagepack.packages.deployment;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What replication reported for one region of a published version.
 *
 * @param region region ID
 * @param status where the region stands
 * @param percent completed share of the copy, 0 to 100
 * @param regionalImageId the copy's image ID, once succeeded
 * @param failureCode stable failure code, once failed
 * @param failureReason human-readable failure reason, once failed
 * @param attempts attempts made so far
 * @param startedAt when replication started the region's current round
 * @param finishedAt when the last final result was known
 * @param reportedAt when replication last reported anything for this region
 */
public record RegionResult(String region, RegionStatus status, int percent, @Nullable String regionalImageId,
		@Nullable String failureCode, @Nullable String failureReason, int attempts, @Nullable Instant startedAt,
		@Nullable Instant finishedAt, @Nullable Instant reportedAt) {

	static RegionResult pending(String region) {
		return new RegionResult(region, RegionStatus.PENDING, 0, null, null, null, 0, null, null, null);
	}

	RegionResult progressed(ReplicationProgress progress) {
		// The round's start as replication reports it; from older events, which lack it,
		// the first progress stands in for it.
		Instant started = (progress.startedAt() != null) ? progress.startedAt()
				: (this.startedAt != null) ? this.startedAt : progress.reportedAt();
		return new RegionResult(this.region, RegionStatus.REPLICATING, Math.max(0, Math.min(100, progress.percent())),
				null, null, null, Math.max(this.attempts, progress.attempt()), started, null, progress.reportedAt());
	}

	RegionResult succeeded(String imageId, int attempts, Instant startedAt, Instant finishedAt) {
		return new RegionResult(this.region, RegionStatus.SUCCEEDED, 100, imageId, null, null, attempts, startedAt,
				finishedAt, finishedAt);
	}

	RegionResult failed(String code, String reason, int attempts, Instant startedAt, Instant finishedAt) {
		return new RegionResult(this.region, RegionStatus.FAILED, this.percent, null, code, reason, attempts, startedAt,
				finishedAt, finishedAt);
	}

	RegionResult retried() {
		// The previous end stays, so that a late duplicate of the result being retried is
		// recognised as old.
		return new RegionResult(this.region, RegionStatus.PENDING, 0, null, null, null, this.attempts, this.startedAt,
				this.finishedAt, this.reportedAt);
	}

	RegionResult removed(Instant at) {
		return new RegionResult(this.region, RegionStatus.REMOVED, this.percent, this.regionalImageId, null, null,
				this.attempts, this.startedAt, this.finishedAt, at);
	}

}
