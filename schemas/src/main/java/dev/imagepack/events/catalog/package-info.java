/**
 * The event catalogue, the released history of its schemas and the compatibility gate.
 */
@NullMarked
package dev.imagepack.events.catalog;

import org.jspecify.annotations.NullMarked;
