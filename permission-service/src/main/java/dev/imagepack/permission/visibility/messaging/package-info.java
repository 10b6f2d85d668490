/**
 * The events permission-service consumes and publishes.
 */
@NullMarked
package dev.imagepack.permission.visibility.messaging;

import org.jspecify.annotations.NullMarked;
