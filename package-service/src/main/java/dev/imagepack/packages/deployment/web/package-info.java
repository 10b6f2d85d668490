/**
 * The HTTP API of packages and versions under {@code /v1/packages}.
 */
@NullMarked
package dev.imagepack.packages.deployment.web;

import org.jspecify.annotations.NullMarked;
