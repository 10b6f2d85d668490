/**
 * Many mappings written straight into mapping-service's store, for lookups at scale.
 */
@NullMarked
package dev.imagepack.bench.scale;

import org.jspecify.annotations.NullMarked;
