/**
 * Cross-feature wiring of mapping-service.
 */
@NullMarked
package dev.imagepack.mapping.config;

import org.jspecify.annotations.NullMarked;
