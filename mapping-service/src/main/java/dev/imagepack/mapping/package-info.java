/**
 * The mapping-service: answers which image a deployment gets in each region.
 */
@NullMarked
package dev.imagepack.mapping;

import org.jspecify.annotations.NullMarked;
