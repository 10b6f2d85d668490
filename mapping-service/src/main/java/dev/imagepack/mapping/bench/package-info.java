/**
 * What benchmarks compare the lookups against; off unless {@code imagepack.bench.enabled}
 * is true.
 */
@NullMarked
package dev.imagepack.mapping.bench;

import org.jspecify.annotations.NullMarked;
