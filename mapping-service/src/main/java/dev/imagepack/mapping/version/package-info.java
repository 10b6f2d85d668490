/**
 * The mapping state of each package version, built from events, kept in memory and stored
 * in MongoDB, and the lookup rules that answer from it.
 */
@NullMarked
package dev.imagepack.mapping.version;

import org.jspecify.annotations.NullMarked;
