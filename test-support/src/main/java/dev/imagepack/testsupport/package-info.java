/**
 * Fixtures shared by the services' integration tests.
 */
@NullMarked
package dev.imagepack.testsupport;

import org.jspecify.annotations.NullMarked;
