/**
 * Checks of the production-like deployment that need no Docker engine.
 */
@NullMarked
package dev.imagepack.deployment;

import org.jspecify.annotations.NullMarked;
