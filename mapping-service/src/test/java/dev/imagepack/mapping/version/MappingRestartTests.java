package dev.imagepack.mapping.version;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.imagepack.events.ImageContent;
import dev.imagepack.events.ImageType;
import dev.imagepack.events.PackageVisibility;
import dev.imagepack.events.PackageVisibilityChanged;
import dev.imagepack.events.RegionReplicated;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.local.KafkaBroker;
import dev.imagepack.mapping.MappingServiceApplication;
import dev.imagepack.testsupport.FreePorts;
import dev.imagepack.testsupport.EventTestClient;
import dev.imagepack.testsupport.ServiceApi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whole service instances started and stopped by the test on one store and one broker, as
 * a restart does in production.
 */
class MappingRestartTests {

	private static final String BROKERS_PROPERTY = "spring.cloud.stream.kafka.binder.brokers";

	private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	private static MongoServer mongo;

	private static Path kafkaData;

	private static KafkaBroker kafka;

	private static @Nullable String embeddedBrokers;

	/**
	 * A broker of this class's own: an {@code @EmbeddedKafka} test that ran earlier in
	 * this JVM keeps its broker and its service instance, in the same consumer group, and
	 * leaves its broker's address in the system properties.
	 */
	@BeforeAll
	static void startPlatform() throws IOException {
		embeddedBrokers = System.clearProperty(BROKERS_PROPERTY);
		mongo = new MongoServer(new MemoryBackend());
		mongo.bind("127.0.0.1", 0);
		kafkaData = Files.createTempDirectory("mapping-restart-kafka");
		int[] ports = FreePorts.two();
		kafka = KafkaBroker.start(kafkaData, ports[0], ports[1]);
	}

	@AfterAll
	static void stopPlatform() {
		if (kafka != null) {
			kafka.close();
		}
		mongo.shutdownNow();
		if (embeddedBrokers != null) {
			System.setProperty(BROKERS_PROPERTY, embeddedBrokers);
		}
	}

	@Test
	void aRestartedServiceAnswersFromItsStoreAsBeforeFromItsFirstRequest() {
		String packageId = "pkg-" + UUID.randomUUID().toString().substring(0, 8);
		String owner = "isv-restart";
		List<String> paths = List.of(lookup(packageId, "1", "cn-hangzhou"), lookup(packageId, "1", "cn-shanghai"),
				lookup(packageId, "1", "eu-west-1"), lookup(packageId, "1", "us-west-1"),
				"/v1/mappings/" + packageId + "/versions/1");
		List<String> before;
		try (EventTestClient events = new EventTestClient(kafka.bootstrapServers());
				ConfigurableApplicationContext first = start()) {
			events.publish(published(packageId, owner));
			events.publish(replicated(packageId, "cn-shanghai", true));
			events.publish(replicated(packageId, "eu-west-1", false));
			ServiceApi isv = ServiceApi.as(port(first), owner);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> isv.get(lookup(packageId, "1", "cn-shanghai")).status() == 200
						&& isv.get(lookup(packageId, "1", "eu-west-1")).status() == 409);
			before = answers(isv, paths);
		}

		try (ConfigurableApplicationContext second = start()) {
			List<String> after = answers(ServiceApi.as(port(second), owner), paths);

			assertThat(after).isEqualTo(before);
			assertThat(after.get(1)).contains("m-copy-cn-shanghai");
		}
	}

	@Test
	void aVisibilityChangeAfterARestartIsVisibleToTheNextLookup() {
		String packageId = "pkg-" + UUID.randomUUID().toString().substring(0, 8);
		String owner = "isv-visible";
		try (EventTestClient events = new EventTestClient(kafka.bootstrapServers())) {
			try (ConfigurableApplicationContext first = start()) {
				events.publish(published(packageId, owner));
				ServiceApi isv = ServiceApi.as(port(first), owner);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> isv.get(lookup(packageId, "1", "cn-hangzhou")).status() == 200);
			}
			try (ConfigurableApplicationContext second = start()) {
				ServiceApi stranger = ServiceApi.as(port(second), "stranger");
				assertThat(stranger.get(lookup(packageId, "1", "cn-hangzhou")).status()).isEqualTo(404);

				events.publish(PackageVisibilityChanged.newBuilder()
					.setPackageId(packageId)
					.setOwnerAccountId(owner)
					.setVisibility(PackageVisibility.PUBLIC)
					.setRevision(1)
					.setChangedAt(T0)
					.build());

				await().atMost(Duration.ofSeconds(30))
					.until(() -> stranger.get(lookup(packageId, "1", "cn-hangzhou")).status() == 200);
			}
		}
	}

	@Test
	void twoInstancesAnswerAlikeWhicheverConsumedTheEvents() {
		String packageId = "pkg-" + UUID.randomUUID().toString().substring(0, 8);
		String owner = "isv-twins";
		try (EventTestClient events = new EventTestClient(kafka.bootstrapServers());
				ConfigurableApplicationContext first = start();
				ConfigurableApplicationContext second = start()) {
			events.publish(published(packageId, owner));
			events.publish(replicated(packageId, "cn-shanghai", true));
			ServiceApi viaFirst = ServiceApi.as(port(first), owner);
			ServiceApi viaSecond = ServiceApi.as(port(second), owner);

			await().atMost(Duration.ofSeconds(30))
				.until(() -> viaFirst.get(lookup(packageId, "1", "cn-shanghai")).status() == 200
						&& viaSecond.get(lookup(packageId, "1", "cn-shanghai")).status() == 200);

			assertThat(viaSecond.get(lookup(packageId, "1", "cn-shanghai")).body())
				.isEqualTo(viaFirst.get(lookup(packageId, "1", "cn-shanghai")).body());
		}
	}

	private static List<String> answers(ServiceApi api, List<String> paths) {
		return paths.stream()
			.map((path) -> api.get(path))
			.map((answer) -> answer.status() + " " + answer.body().replaceAll("\"instance\":\"[^\"]*\"", ""))
			.toList();
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(MappingServiceApplication.class).run("--server.port=0",
				"--spring.mongodb.uri=mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/mapping-service",
				// On the command line, so that no broker address an earlier test left in
				// the system properties wins.
				"--" + BROKERS_PROPERTY + "=" + kafka.bootstrapServers());
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	private static String lookup(String packageId, String version, String region) {
		return "/v1/mappings/" + packageId + "/versions/" + version + "/regions/" + region;
	}

	private static VersionPublished published(String packageId, String owner) {
		return VersionPublished.newBuilder()
			.setPackageId(packageId)
			.setPackageName("orders")
			.setOwnerAccountId(owner)
			.setVersionNumber(1)
			.setVersionName("release_1")
			.setContent(ImageContent.newBuilder()
				.setImageType(ImageType.CUSTOM)
				.setSourceRegion("cn-hangzhou")
				.setSourceImageId("m-source01")
				.build())
			.setRegions(List.of("cn-shanghai", "eu-west-1"))
			.setPublishedAt(T0)
			.build();
	}

	private static RegionReplicated replicated(String packageId, String region, boolean succeeded) {
		return RegionReplicated.newBuilder()
			.setPackageId(packageId)
			.setVersionNumber(1)
			.setRegion(region)
			.setSucceeded(succeeded)
			.setRegionalImageId(succeeded ? "m-copy-" + region : null)
			.setFailureCode(succeeded ? null : "QUOTA_EXCEEDED")
			.setFailureReason(succeeded ? null : "The region's image quota is used up")
			.setAttempts(1)
			.setStartedAt(T0)
			.setFinishedAt(T0.plusSeconds(10))
			.build();
	}

}
