package dev.imagepack.permission.config;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.imagepack.platform.store.RetiredIndex;

/**
 * Wiring shared by the service's features.
 */
@Configuration(proxyBeanMethods = false)
class PermissionServiceConfiguration {

	@Bean
	Clock clock() {
		// In milliseconds, as the store and the events keep times: an answer to a write
		// then carries the times a later read answers.
		return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
	}

	/**
	 * Kept by stores an earlier version created: indexes of ID and version, and of ID and
	 * revision, for the embedded store's sake, which now finds a document by its ID
	 * alone.
	 */
	@Bean
	RetiredIndex retiredPackageVersionIndex() {
		return new RetiredIndex("packages", "id_version");
	}

	@Bean
	RetiredIndex retiredPackageRevisionIndex() {
		return new RetiredIndex("packages", "id_revision");
	}

}
