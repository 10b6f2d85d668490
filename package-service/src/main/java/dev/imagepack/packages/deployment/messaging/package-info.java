/**
 * The Kafka edge of packages: their events going out through the outbox, and replication
 * and permission events coming in.
 */
@NullMarked
package dev.imagepack.packages.deployment.messaging;

import org.jspecify.annotations.NullMarked;
