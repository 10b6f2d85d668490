/**
 * The replication-service: replicates every published version into every selected region.
 */
@NullMarked
package dev.imagepack.replication;

import org.jspecify.annotations.NullMarked;
