package dev.imagepack.mapping.version;

import org.jspecify.annotations.Nullable;

/**
 * The state of one region, derived from what was reported about it.
 *
 * @param status where replication stands
 * @param percent completed share while replicating; 100 once succeeded; 0 otherwise
 * @param regionalImageId the copy's image ID when succeeded
 * @param failureCode the failure code when failed
 * @param failureReason the failure reason when failed
 */
public record RegionState(RegionStatus status, int percent, @Nullable String regionalImageId,
		@Nullable String failureCode, @Nullable String failureReason) {

	static final RegionState PENDING = new RegionState(RegionStatus.PENDING, 0, null, null, null);

	static final RegionState REMOVED = new RegionState(RegionStatus.REMOVED, 0, null, null, null);

	static RegionState replicating(int percent) {
		return new RegionState(RegionStatus.REPLICATING, percent, null, null, null);
	}

	static RegionState of(ReplicaResult result) {
		return result.succeeded() ? new RegionState(RegionStatus.SUCCEEDED, 100, result.regionalImageId(), null, null)
				: new RegionState(RegionStatus.FAILED, 0, null, result.failureCode(), result.failureReason());
	}

}
