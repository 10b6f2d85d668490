/**
 * Turns consumed package, replication and permission events into mapping changes.
 */
@NullMarked
package dev.imagepack.mapping.version.messaging;

import org.jspecify.annotations.NullMarked;
