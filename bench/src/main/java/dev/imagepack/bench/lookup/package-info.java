/**
 * The floor of the lookup benchmark: what a Java HTTP server doing nothing answers on the
 * same machine under the same load.
 */
@NullMarked
package dev.imagepack.bench.lookup;

import org.jspecify.annotations.NullMarked;
