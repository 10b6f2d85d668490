/**
 * Cross-feature wiring of package-service.
 */
@NullMarked
package dev.imagepack.packages.config;

import org.jspecify.annotations.NullMarked;
