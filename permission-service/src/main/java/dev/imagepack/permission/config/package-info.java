/**
 * Cross-feature wiring of permission-service.
 */
@NullMarked
package dev.imagepack.permission.config;

import org.jspecify.annotations.NullMarked;
