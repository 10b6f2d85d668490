/**
 * A package's visibility, derived from the services that use it.
 */
@NullMarked
package dev.imagepack.permission.visibility;

import org.jspecify.annotations.NullMarked;
