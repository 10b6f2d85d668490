/**
 * Rendering templates against parsing them, with JMH.
 */
@NullMarked
package dev.imagepack.bench.render;

import org.jspecify.annotations.NullMarked;
