package dev.imagepack.packages.deployment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;

import dev.imagepack.events.VersionPublished;
import dev.imagepack.testsupport.EventTestClient;
import dev.imagepack.testsupport.ServiceApi;
import dev.imagepack.testsupport.ServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
class IdempotencyTests {

	@Value("${local.server.port}")
	private int port;

	@Value("${spring.cloud.stream.kafka.binder.brokers}")
	private String brokers;

	@Autowired
	private MongoTemplate mongo;

	private String accountId;

	private PackageApi isv;

	@BeforeEach
	void setUp() {
		this.accountId = "isv-" + System.nanoTime();
		this.isv = PackageApi.as(this.port, this.accountId);
	}

	@Test
	void aKeyHeldByARequestThatACrashCutOffIsTakenOverOnceAbandoned() throws NoSuchAlgorithmException {
		Map<String, String> fresh = Map.of("Idempotency-Key", "cut-off-just-now");
		Map<String, String> abandoned = Map.of("Idempotency-Key", "cut-off-long-ago");
		inProgressSince("cut-off-just-now", PackageApi.newPackage("cut_off_a"), Instant.now());
		inProgressSince("cut-off-long-ago", PackageApi.newPackage("cut_off_b"), Instant.now().minusSeconds(31));

		PackageApi.Response waiting = this.isv.send("POST", "/v1/packages", PackageApi.newPackage("cut_off_a"), fresh);
		PackageApi.Response takenOver = this.isv.send("POST", "/v1/packages", PackageApi.newPackage("cut_off_b"),
				abandoned);

		assertThat(waiting.status()).isEqualTo(409);
		assertThat(waiting.json().get("type").asString()).endsWith("/idempotency-key-in-use");
		assertThat(takenOver.status()).isEqualTo(201);
		PackageApi.Response repeat = this.isv.send("POST", "/v1/packages", PackageApi.newPackage("cut_off_b"),
				abandoned);
		assertThat(repeat.json().get("id").asString()).isEqualTo(takenOver.json().get("id").asString());
	}

	@Test
	void aRequestRefusedAsInvalidLeavesItsKeyFreeForTheCorrectedRequest() {
		Map<String, String> key = Map.of("Idempotency-Key", "corrected-later");

		PackageApi.Response refused = this.isv.send("POST", "/v1/packages", PackageApi.newPackage("x"), key);
		PackageApi.Response corrected = this.isv.send("POST", "/v1/packages", PackageApi.newPackage("corrected"), key);

		assertThat(refused.status()).isEqualTo(400);
		assertThat(corrected.status()).isEqualTo(201);
	}

	/** As a crash leaves the key of a create that was still running. */
	private void inProgressSince(String key, Object body, Instant since) throws NoSuchAlgorithmException {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		digest.update("POST /v1/packages?\n".getBytes(StandardCharsets.UTF_8));
		digest.update(PackageApi.JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
		this.mongo.insert(new Document(
				Map.of("_id", this.accountId + " " + key, "requestHash", HexFormat.of().formatHex(digest.digest()),
						"completed", false, "status", 0, "createdAt", Date.from(since))),
				"idempotency_keys");
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
	void aRepeatSpelledDifferentlyIsTheSameRequest() {
		Map<String, String> key = Map.of("Idempotency-Key", "create-spelled-twice");
		String body = PackageApi.JSON.writeValueAsString(PackageApi.newPackage("spelled_twice"));
		JsonNode tree = PackageApi.JSON.readTree(body);
		ObjectNode reordered = PackageApi.JSON.createObjectNode();
		List<String> names = new ArrayList<>(tree.propertyNames());
		Collections.reverse(names);
		names.forEach((name) -> reordered.set(name, tree.get(name)));
		String respelled = PackageApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(reordered);

		PackageApi.Response first = this.isv.send("POST", "/v1/packages", body, key);
		PackageApi.Response repeat = this.isv.send("POST", "/v1/packages", respelled, key);

		assertThat(respelled).isNotEqualTo(body);
		assertThat(first.status()).isEqualTo(201);
		assertThat(repeat.status()).isEqualTo(201);
		assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(repeat.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
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
	void twoKeysInOneRequestAreRefusedWhicheverComesFirst() throws Exception {
		String token = ServiceApi.mintToken(this.port, this.accountId);
		HttpClient client = HttpClient.newHttpClient();
		for (List<String> keys : List.of(List.of("first-key", "second-key"), List.of("second-key", "first-key"))) {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/v1/packages"))
				.header("Authorization", "Bearer " + token)
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", keys.get(0))
				.header("Idempotency-Key", keys.get(1))
				.POST(BodyPublishers.ofString(ServiceApi.JSON.writeValueAsString(PackageApi.newPackage("two_keys"))))
				.build();

			HttpResponse<String> response = client.send(request, BodyHandlers.ofString());

			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("Several Idempotency-Key headers");
		}
		assertThat(this.isv.get("/v1/packages").json().get("items")).isEmpty();
	}

	@Test
	void aKeyLongerThanSixtyFourCharactersIsRefused() {
		PackageApi.Response response = this.isv.send("POST", "/v1/packages", PackageApi.newPackage("long_key"),
				Map.of("Idempotency-Key", "k".repeat(65)));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("detail").asString()).contains("Idempotency-Key");
	}

}
