package dev.imagepack.testsupport;

import java.util.Map;

import org.bson.Document;

import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service must show once started: it serves actuator health and uses its own
 * database.
 */
public final class ServiceSmokeChecks {

	private ServiceSmokeChecks() {
	}

	/**
	 * Asserts that health is UP with the store and the broker among its components, and
	 * that the service reads and writes the database named after it.
	 * @param context the running service
	 * @param database the database the service must own
	 */
	@SuppressWarnings("unchecked")
	public static void assertHealthyOnOwnDatabase(ApplicationContext context, String database) {
		String port = context.getEnvironment().getRequiredProperty("local.server.port");
		Map<String, Object> health = RestClient.create("http://127.0.0.1:" + port)
			.get()
			.uri("/actuator/health")
			.retrieve()
			.body(Map.class);
		assertThat(health).containsEntry("status", "UP");
		assertThat((Map<String, Object>) health.get("components")).containsKeys("mongo", "kafkaBroker");

		MongoTemplate mongo = context.getBean(MongoTemplate.class);
		assertThat(mongo.getDb().getName()).isEqualTo(database);
		mongo.insert(new Document("probe", true), "smoke");
		assertThat(mongo.getCollection("smoke").countDocuments()).isPositive();
		mongo.dropCollection("smoke");
	}

}
