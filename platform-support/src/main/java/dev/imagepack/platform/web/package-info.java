/**
 * How every service reads requests: strict JSON and a bounded body.
 */
@NullMarked
package dev.imagepack.platform.web;

import org.jspecify.annotations.NullMarked;
