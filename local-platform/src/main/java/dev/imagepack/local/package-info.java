/**
 * Kafka in KRaft mode and MongoDB-compatible stores on loopback for local development,
 * without Docker.
 */
@NullMarked
package dev.imagepack.local;

import org.jspecify.annotations.NullMarked;
