package dev.imagepack.mapping.version;

import java.time.Instant;
import java.util.Comparator;

import org.jspecify.annotations.Nullable;

/**
 * The final word of replication on one region for one round of attempts.
 *
 * @param succeeded whether the region holds a usable copy
 * @param regionalImageId the copy's image ID, when succeeded
 * @param failureCode stable failure code, when failed
 * @param failureReason human-readable failure reason, when failed
 * @param attempts attempts made in every round so far, starting at 1
 * @param finishedAt when the result was known
 */
public record ReplicaResult(boolean succeeded, @Nullable String regionalImageId, @Nullable String failureCode,
		@Nullable String failureReason, int attempts, Instant finishedAt) {

	/**
	 * A later attempt wins, then a later finish; the rest only breaks ties between
	 * conflicting reports deterministically.
	 */
	static final Comparator<ReplicaResult> ORDER = Comparator.comparingInt(ReplicaResult::attempts)
		.thenComparing(ReplicaResult::finishedAt)
		.thenComparing(ReplicaResult::succeeded)
		.thenComparing(ReplicaResult::toString);

	public ReplicaResult {
		if (succeeded && regionalImageId == null) {
			throw new IllegalArgumentException("A succeeded replica has a regional image ID");
		}
	}

}
