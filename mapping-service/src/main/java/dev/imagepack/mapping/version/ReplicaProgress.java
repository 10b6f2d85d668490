package dev.imagepack.mapping.version;

import java.time.Instant;
import java.util.Comparator;

/**
 * How far the copy into one region had come when last reported.
 *
 * @param percent completed share of the copy, 0 to 100
 * @param attempt the attempt the report belongs to, counted over every round
 * @param reportedAt when the progress was observed
 */
public record ReplicaProgress(int percent, int attempt, Instant reportedAt) {

	/** A later attempt wins, then a later report, then the larger share. */
	static final Comparator<ReplicaProgress> ORDER = Comparator.comparingInt(ReplicaProgress::attempt)
		.thenComparing(ReplicaProgress::reportedAt)
		.thenComparingInt(ReplicaProgress::percent);

}
