/**
 * What every service needs from its MongoDB store besides Spring Data.
 */
@NullMarked
package dev.imagepack.platform.store;

import org.jspecify.annotations.NullMarked;
