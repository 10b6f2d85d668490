package dev.imagepack.replication.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wiring shared by the service's features.
 */
@Configuration(proxyBeanMethods = false)
class ReplicationServiceConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
