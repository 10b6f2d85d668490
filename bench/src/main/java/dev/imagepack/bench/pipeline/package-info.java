/**
 * Versions published through package-service until every region resolves in
 * mapping-service, against a raw Kafka round trip.
 */
@NullMarked
package dev.imagepack.bench.pipeline;

import org.jspecify.annotations.NullMarked;
