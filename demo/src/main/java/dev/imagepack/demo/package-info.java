/**
 * The seed's scenario, played through the public APIs of a running system.
 */
@NullMarked
package dev.imagepack.demo;

import org.jspecify.annotations.NullMarked;
