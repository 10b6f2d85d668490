/**
 * The catalogue of regions a package can be distributed to.
 */
@NullMarked
package dev.imagepack.packages.region;

import org.jspecify.annotations.NullMarked;
