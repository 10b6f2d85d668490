/**
 * The package events that start, retry and end replication.
 */
@NullMarked
package dev.imagepack.replication.job.messaging;

import org.jspecify.annotations.NullMarked;
