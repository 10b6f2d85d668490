package dev.imagepack.testsupport;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextCustomizer;

/**
 * A customizer that holds no state of its own: every instance of a class is equal, so the
 * contexts it customizes stay in Spring's test context cache.
 */
abstract class CacheableContextCustomizer implements ContextCustomizer {

	@Override
	public boolean equals(@Nullable Object other) {
		return other != null && other.getClass() == getClass();
	}

	@Override
	public int hashCode() {
		return getClass().hashCode();
	}

}
