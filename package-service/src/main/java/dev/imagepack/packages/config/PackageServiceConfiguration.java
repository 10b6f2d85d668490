package dev.imagepack.packages.config;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.imagepack.packages.region.RegionCatalog;
import dev.imagepack.platform.store.RetiredIndex;

/**
 * Wiring shared by the service's features.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegionCatalog.class)
class PackageServiceConfiguration {

	@Bean
	Clock clock() {
		// In milliseconds, as the store and the events keep times: an answer to a write
		// then carries the times a later read answers.
		return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
	}

	/**
	 * Kept by stores an earlier version created: an index of ID and revision, for the
	 * embedded store's sake, which now finds a document by its ID alone.
	 */
	@Bean
	RetiredIndex retiredPackageRevisionIndex() {
		return new RetiredIndex("packages", "id_revision");
	}

}
