/**
 * Kafka serde for the event catalogue: Avro single-object encoding and CloudEvents
 * headers.
 */
@NullMarked
package dev.imagepack.events.kafka;

import org.jspecify.annotations.NullMarked;
