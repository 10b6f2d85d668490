package dev.imagepack.packages.config;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.imagepack.packages.region.RegionCatalog;

/**
 * Wiring shared by the service's features.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegionCatalog.class)
class PackageServiceConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
