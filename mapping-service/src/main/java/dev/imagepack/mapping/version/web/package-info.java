/**
 * The HTTP API of mapping lookups.
 */
@NullMarked
package dev.imagepack.mapping.version.web;

import org.jspecify.annotations.NullMarked;
