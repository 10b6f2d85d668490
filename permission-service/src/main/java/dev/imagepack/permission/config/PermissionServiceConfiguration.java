package dev.imagepack.permission.config;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

}
