package dev.imagepack.packages.deployment;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The final word of replication on one region.
 *
 * @param region the region
 * @param succeeded whether the region holds a usable copy
 * @param regionalImageId the copy's ID, when succeeded
 * @param failureCode stable failure code, when failed
 * @param failureReason failure reason, when failed
 * @param attempts attempts made
 * @param startedAt when the first attempt started
 * @param finishedAt when the result was known
 */
public record ReplicationResult(String region, boolean succeeded, @Nullable String regionalImageId,
		@Nullable String failureCode, @Nullable String failureReason, int attempts, Instant startedAt,
		Instant finishedAt) {

	/**
	 * A result counts only if it comes from a later attempt than the region last heard
	 * of, or from the same attempt and ended later, as mapping-service decides too:
	 * results that arrive twice or out of order, including late ones of an attempt that
	 * was retried since, change nothing. Attempts are counted across rounds, so a later
	 * round wins even if a clock that runs behind gave it the earlier end.
	 */
	boolean isNewerThan(RegionResult current) {
		if (current.status() == RegionStatus.REMOVED) {
			return false;
		}
		if (this.attempts != current.attempts()) {
			return this.attempts > current.attempts();
		}
		return current.finishedAt() == null || this.finishedAt.isAfter(current.finishedAt());
	}

	RegionResult applyTo(RegionResult current) {
		if (this.succeeded) {
			return current.succeeded((this.regionalImageId != null) ? this.regionalImageId : "", this.attempts,
					this.startedAt, this.finishedAt);
		}
		return current.failed((this.failureCode != null) ? this.failureCode : "UNKNOWN",
				(this.failureReason != null) ? this.failureReason : "No reason given", this.attempts, this.startedAt,
				this.finishedAt);
	}

}
