package dev.imagepack.replication.job;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One attempt of a job, kept for operators.
 *
 * @param number the attempt number, counted over every round of the job
 * @param instanceId the instance that ran it
 * @param startedAt when it started
 * @param endedAt when it ended, or null while it runs
 * @param outcome how it ended, or null while it runs
 * @param failureCode the failure code, if it failed
 * @param message what happened, if it failed
 */
public record Attempt(int number, String instanceId, Instant startedAt, @Nullable Instant endedAt,
		@Nullable Outcome outcome, @Nullable String failureCode, @Nullable String message) {

	Attempt ended(Instant at, Outcome how, @Nullable String code, @Nullable String why) {
		return new Attempt(this.number, this.instanceId, this.startedAt, at, how, code, why);
	}

	/**
	 * How an attempt ended.
	 */
	public enum Outcome {

		/** The region got its image. */
		SUCCEEDED,

		/** It failed and another attempt follows. */
		RETRYING,

		/** It failed and the round is over. */
		FAILED,

		/** The version was deleted while it ran. */
		CANCELLED

	}

}
