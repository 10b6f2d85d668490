package dev.imagepack.permission.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wiring shared by the service's features.
 */
@Configuration(proxyBeanMethods = false)
class PermissionServiceConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
