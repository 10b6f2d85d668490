/**
 * Benchmarks of the services; bench/run.sh starts them.
 */
@NullMarked
package dev.imagepack.bench;

import org.jspecify.annotations.NullMarked;
