/**
 * Replication jobs: one per package version and region, run by whichever instance holds
 * its lease, reporting progress and exactly one result per round.
 */
@NullMarked
package dev.imagepack.replication.job;

import org.jspecify.annotations.NullMarked;
