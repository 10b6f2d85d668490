/**
 * The mapping state of each package version, built from events and stored in MongoDB, the
 * compact index of it that is kept in memory, and the lookup rules that answer from it.
 */
@NullMarked
package dev.imagepack.mapping.version;

import org.jspecify.annotations.NullMarked;
