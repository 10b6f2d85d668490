/**
 * Safe retries of creating, publishing and deleting with an {@code Idempotency-Key}.
 */
@NullMarked
package dev.imagepack.packages.idempotency;

import org.jspecify.annotations.NullMarked;
