/**
 * The visibility, access-check and development catalogue endpoints.
 */
@NullMarked
package dev.imagepack.permission.visibility.web;

import org.jspecify.annotations.NullMarked;
