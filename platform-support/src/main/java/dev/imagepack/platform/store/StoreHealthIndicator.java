package dev.imagepack.platform.store;

import org.bson.Document;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * Reports whether the service's own database answers a {@code ping}. It replaces Boot's
 * check, which sends {@code hello} to every database on the server: a service has no
 * business with other services' databases.
 */
class StoreHealthIndicator extends AbstractHealthIndicator {

	private final MongoDatabaseFactory databases;

	StoreHealthIndicator(MongoDatabaseFactory databases) {
		super("MongoDB health check failed");
		this.databases = databases;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		var database = this.databases.getMongoDatabase();
		database.runCommand(new Document("ping", 1));
		builder.up().withDetail("database", database.getName());
	}

}
