package dev.imagepack.packages.deployment;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import dev.imagepack.events.VersionPublished;
import dev.imagepack.testsupport.EventTestClient;
import dev.imagepack.testsupport.ServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
class IdempotencyTests {

	@Value("${local.server.port}")
	private int port;

	@Value("${spring.cloud.stream.kafka.binder.brokers}")
	private String brokers;

	private PackageApi isv;

	@BeforeEach
	void setUp() {
		this.isv = PackageApi.as(this.port, "isv-" + System.nanoTime());
	}

	@Test
	void aRepeatedPublishWithTheSameKeyAnswersTheFirstResultAndPublishesOnce() {
		String packageId = this.isv.post("/v1/packages", PackageApi.newPackage("publish_once"))
			.json()
			.get("id")
			.asString();
		String path = "/v1/packages/" + packageId + "/versions/draft/publish";

		PackageApi.Response first = this.isv.send("POST", path, null, Map.of("Idempotency-Key", "publish-1"));
		PackageApi.Response repeat = this.isv.send("POST", path, null, Map.of("Idempotency-Key", "publish-1"));

		assertThat(first.status()).isEqualTo(202);
		assertThat(repeat.status()).isEqualTo(202);
		assertThat(repeat.body()).isEqualTo(first.body());
		assertThat(repeat.header("ETag")).isEqualTo(first.header("ETag"));
		assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(this.isv.get("/v1/packages/" + packageId + "/versions/2").status()).isEqualTo(404);
		try (EventTestClient client = new EventTestClient(this.brokers);
				EventTestClient.TopicReader packageEvents = client.read("package-events")) {
			packageEvents.awaitEvents(VersionPublished.class, 1, (event) -> event.getPackageId().equals(packageId));
			assertThat(packageEvents.readFor(Duration.ofSeconds(1)))
				.filteredOn((record) -> record.value() instanceof VersionPublished published
						&& published.getPackageId().equals(packageId))
				.hasSize(1);
		}
	}

	@Test
	void aRepeatedCreateWithTheSameKeyCreatesOnePackage() {
		Map<String, String> key = Map.of("Idempotency-Key", "create-1");

		PackageApi.Response first = this.isv.send("POST", "/v1/packages", PackageApi.newPackage("created_once"), key);
		PackageApi.Response repeat = this.isv.send("POST", "/v1/packages", PackageApi.newPackage("created_once"), key);

		assertThat(first.status()).isEqualTo(201);
		assertThat(repeat.status()).isEqualTo(201);
		assertThat(repeat.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
		assertThat(repeat.header("Location")).isEqualTo(first.header("Location"));
	}

	@Test
	void theSameKeyWithADifferentRequestIsUnprocessable() {
		Map<String, String> key = Map.of("Idempotency-Key", "create-2");
		this.isv.send("POST", "/v1/packages", PackageApi.newPackage("first_body"), key);

		PackageApi.Response other = this.isv.send("POST", "/v1/packages", PackageApi.newPackage("second_body"), key);

		assertThat(other.status()).isEqualTo(422);
		assertThat(other.json().get("type").asString()).endsWith("/idempotency-key-reused");
	}

	@Test
	void anotherAccountsKeyIsIndependent() {
		PackageApi other = PackageApi.as(this.port, "isv-other-" + System.nanoTime());
		Map<String, String> key = Map.of("Idempotency-Key", "shared-key");

		PackageApi.Response mine = this.isv.send("POST", "/v1/packages", PackageApi.newPackage("mine"), key);
		PackageApi.Response theirs = other.send("POST", "/v1/packages", PackageApi.newPackage("mine"), key);

		assertThat(theirs.status()).isEqualTo(201);
		assertThat(theirs.json().get("id").asString()).isNotEqualTo(mine.json().get("id").asString());
	}

	@Test
	void aKeyLongerThanSixtyFourCharactersIsRefused() {
		PackageApi.Response response = this.isv.send("POST", "/v1/packages", PackageApi.newPackage("long_key"),
				Map.of("Idempotency-Key", "k".repeat(65)));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).contains("Idempotency-Key");
	}

}
