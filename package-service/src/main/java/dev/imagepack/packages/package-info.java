/**
 * The package-service: deployment packages, their versions, publishing and per-region
 * status.
 */
@NullMarked
package dev.imagepack.packages;

import org.jspecify.annotations.NullMarked;
