/**
 * The error model every service shares: RFC 9457 problem details.
 */
@NullMarked
package dev.imagepack.platform.problem;

import org.jspecify.annotations.NullMarked;
