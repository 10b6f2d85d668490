package dev.imagepack.packages.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.VersionSaved;
import dev.imagepack.local.KafkaBroker;
import dev.imagepack.testsupport.FreePorts;
import dev.imagepack.testsupport.EventTestClient;
import dev.imagepack.testsupport.InProcessMongo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package API keeps working while Kafka is down, and the events it raised meanwhile
 * reach Kafka once it is back. Runs a real broker from the local platform so that it can
 * be stopped and started on the same port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@InProcessMongo
class OutboxResilienceTests {

	private static final String BROKERS_PROPERTY = "spring.cloud.stream.kafka.binder.brokers";

	private static Path kafkaData;

	private static int kafkaPort;

	private static int controllerPort;

	private static KafkaBroker broker;

	@Value("${local.server.port}")
	private int port;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) throws IOException {
		kafkaData = Files.createTempDirectory("outbox-kafka");
		int[] ports = FreePorts.two();
		kafkaPort = ports[0];
		controllerPort = ports[1];
		broker = KafkaBroker.start(kafkaData, kafkaPort, controllerPort);
		registry.add(BROKERS_PROPERTY, () -> broker.bootstrapServers());
	}

	private static String embeddedBrokers;

	/**
	 * An {@code @EmbeddedKafka} test that ran earlier in this JVM leaves its broker's
	 * address in the system property of the binder's brokers, which the binder would then
	 * use instead of this test's broker.
	 */
	@BeforeAll
	static void forgetEarlierEmbeddedBrokers() {
		embeddedBrokers = System.clearProperty(BROKERS_PROPERTY);
	}

	@AfterAll
	static void stopBroker() {
		if (broker != null) {
			broker.close();
		}
		if (embeddedBrokers != null) {
			System.setProperty(BROKERS_PROPERTY, embeddedBrokers);
		}
	}

	@Test
	void eventsRaisedWhileKafkaIsDownAreDeliveredOnceItIsBack() {
		PackageApi isv = PackageApi.as(this.port, "isv-" + System.nanoTime());
		String bootstrap = broker.bootstrapServers();
		broker.close();
		broker = null;

		PackageApi.Response created = isv.post("/v1/packages", PackageApi.newPackage("while_kafka_down"));
		String packageId = created.json().get("id").asString();
		PackageApi.Response published = isv.send("POST", "/v1/packages/" + packageId + "/versions/draft/publish", null,
				Map.of());

		assertThat(created.status()).isEqualTo(201);
		assertThat(published.status()).isEqualTo(202);
		broker = KafkaBroker.start(kafkaData, kafkaPort, controllerPort);
		try (EventTestClient client = new EventTestClient(bootstrap);
				EventTestClient.TopicReader packageEvents = client.read("package-events")) {
			packageEvents.awaitEvents(VersionSaved.class, 1, (event) -> event.getPackageId().equals(packageId));
			packageEvents.awaitEvents(VersionPublished.class, 1, (event) -> event.getPackageId().equals(packageId));
		}
	}

}
