package dev.imagepack.replication.cloud;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The progress of a copy.
 *
 * @param state where the copy stands
 * @param percent the completed share, 0 to 100
 * @param estimatedCompletionAt when the copy is expected to end, if the cloud says
 * @param failureReason why the copy failed, when it did
 */
public record CopyStatus(State state, int percent, @Nullable Instant estimatedCompletionAt,
		@Nullable String failureReason) {

	/**
	 * Where a copy stands.
	 */
	public enum State {

		/** Still copying. */
		COPYING,

		/** Done: the image can be used. */
		AVAILABLE,

		/** The copy failed; the image is unusable. */
		FAILED,

		/** The cloud knows no such image. */
		NOT_FOUND

	}

}
