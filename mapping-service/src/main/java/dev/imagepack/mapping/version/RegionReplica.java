package dev.imagepack.mapping.version;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What was reported about one region of a version, reduced so that arrival order and
 * repetition do not matter: the winning final result, the winning progress, the latest
 * retry request and the removal. Each part only ever moves forward, and the region's
 * state is computed from the parts.
 *
 * @param result the latest final result, by attempt then finish time
 * @param progress the latest progress, by attempt then report time
 * @param retryRequestedAt the latest time a retry of this region was requested
 * @param removedAt when the regional copy was removed; a removal beats everything
 */
public record RegionReplica(@Nullable ReplicaResult result, @Nullable ReplicaProgress progress,
		@Nullable Instant retryRequestedAt, @Nullable Instant removedAt) {

	static final RegionReplica UNREPORTED = new RegionReplica(null, null, null, null);

	RegionReplica withResult(ReplicaResult reported) {
		ReplicaResult kept = (this.result == null || ReplicaResult.ORDER.compare(reported, this.result) > 0) ? reported
				: this.result;
		return new RegionReplica(kept, this.progress, this.retryRequestedAt, this.removedAt);
	}

	RegionReplica withProgress(ReplicaProgress reported) {
		ReplicaProgress kept = (this.progress == null || ReplicaProgress.ORDER.compare(reported, this.progress) > 0)
				? reported : this.progress;
		return new RegionReplica(this.result, kept, this.retryRequestedAt, this.removedAt);
	}

	RegionReplica withRetryRequested(Instant at) {
		return new RegionReplica(this.result, this.progress, latest(this.retryRequestedAt, at), this.removedAt);
	}

	RegionReplica withRemoval(Instant at) {
		return new RegionReplica(this.result, this.progress, this.retryRequestedAt, latest(this.removedAt, at));
	}

	/**
	 * The region's state. A removal beats everything. A final result beats the progress
	 * of its own and earlier attempts, but progress of a later attempt means a new round
	 * is running. A failure followed by a retry request is replicating again.
	 * @return the state
	 */
	public RegionState state() {
		if (this.removedAt != null) {
			return RegionState.REMOVED;
		}
		if (this.result != null) {
			if (this.progress != null && this.progress.attempt() > this.result.attempts()) {
				return RegionState.replicating(this.progress.percent());
			}
			if (!this.result.succeeded() && this.retryRequestedAt != null
					&& this.retryRequestedAt.isAfter(this.result.finishedAt())) {
				return RegionState.replicating(0);
			}
			return RegionState.of(this.result);
		}
		return (this.progress != null) ? RegionState.replicating(this.progress.percent()) : RegionState.PENDING;
	}

	static @Nullable Instant latest(@Nullable Instant current, @Nullable Instant reported) {
		if (current == null) {
			return reported;
		}
		return (reported != null && reported.isAfter(current)) ? reported : current;
	}

}
