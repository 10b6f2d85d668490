/**
 * Wiring shared by the service's features.
 */
@NullMarked
package dev.imagepack.replication.config;

import org.jspecify.annotations.NullMarked;
