package dev.imagepack.packages.deployment;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How far replication got in one region, before its final word.
 *
 * @param percent completed share of the copy
 * @param attempt the attempt the progress belongs to
 * @param startedAt when replication started the region's round, as its result will report
 * it; null from events written before replication sent it
 * @param reportedAt when the progress was observed
 */
public record ReplicationProgress(int percent, int attempt, @Nullable Instant startedAt, Instant reportedAt) {

}
