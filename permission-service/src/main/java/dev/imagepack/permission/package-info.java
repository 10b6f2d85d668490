/**
 * The permission-service: derives a package's visibility from the services that use it.
 */
@NullMarked
package dev.imagepack.permission;

import org.jspecify.annotations.NullMarked;
