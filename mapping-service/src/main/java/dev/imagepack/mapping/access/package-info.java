/**
 * Who may use a package's mappings: the package's visibility as the permission-service
 * last reported it.
 */
@NullMarked
package dev.imagepack.mapping.access;

import org.jspecify.annotations.NullMarked;
