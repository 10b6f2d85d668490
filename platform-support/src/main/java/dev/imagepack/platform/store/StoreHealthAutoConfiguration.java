package dev.imagepack.platform.store;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * Registers the store health check under the name Boot's MongoDB check would take, so
 * that Boot backs off.
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration",
		afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration")
@ConditionalOnClass({ MongoDatabaseFactory.class, org.springframework.boot.health.contributor.HealthIndicator.class })
public class StoreHealthAutoConfiguration {

	@Bean
	@ConditionalOnBean(MongoDatabaseFactory.class)
	StoreHealthIndicator mongoHealthIndicator(MongoDatabaseFactory databases) {
		return new StoreHealthIndicator(databases);
	}

}
