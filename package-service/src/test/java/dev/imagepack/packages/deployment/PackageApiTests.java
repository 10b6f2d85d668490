package dev.imagepack.packages.deployment;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import dev.imagepack.events.RegionReplicated;
import dev.imagepack.events.VersionDistributionSettled;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.VersionRetryRequested;
import dev.imagepack.events.VersionSaved;
import dev.imagepack.testsupport.EventTestClient;
import dev.imagepack.testsupport.ServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ServiceIntegrationTest
class PackageApiTests {

	@Value("${local.server.port}")
	private int port;

	@Value("${spring.cloud.stream.kafka.binder.brokers}")
	private String brokers;

	private PackageApi isv;

	private EventTestClient events;

	@BeforeEach
	void setUp() {
		this.isv = PackageApi.as(this.port, "isv-" + System.nanoTime());
		this.events = new EventTestClient(this.brokers);
	}

	@AfterEach
	void tearDown() {
		this.events.close();
	}

	@Test
	void aCreatedPackageHasADraftAndItsVersionSavedIsPublished() {
		PackageApi.Response created = this.isv.post("/v1/packages", PackageApi.newPackage("wordpress_image"));

		assertThat(created.status()).isEqualTo(201);
		String packageId = created.json().get("id").asString();
		assertThat(packageId).matches("pkg-[a-z0-9]{16}");
		assertThat(created.header("Location")).isEqualTo("/v1/packages/" + packageId);
		assertThat(created.header("ETag")).isNotBlank();
		assertThat(created.json().get("versions").get(0).get("version").asString()).isEqualTo("draft");
		try (EventTestClient.TopicReader packageEvents = this.events.read("package-events")) {
			VersionSaved saved = packageEvents
				.awaitEvents(VersionSaved.class, 1, (event) -> event.getPackageId().equals(packageId))
				.get(0);
			assertThat(saved.getPackageName()).isEqualTo("wordpress_image");
			assertThat(saved.getRegions()).containsExactly("cn-hangzhou", "cn-shanghai", "ap-southeast-1");
		}
	}

	@Test
	void publishingThenEveryRegionSucceedingMakesTheVersionAvailable() {
		String packageId = this.isv.post("/v1/packages", PackageApi.newPackage("settles_ok"))
			.json()
			.get("id")
			.asString();

		PackageApi.Response published = this.isv.post("/v1/packages/" + packageId + "/versions/draft/publish", null);

		assertThat(published.status()).isEqualTo(202);
		assertThat(published.json().get("version").asString()).isEqualTo("1");
		assertThat(published.json().get("status").asString()).isEqualTo("DISTRIBUTING");
		try (EventTestClient.TopicReader packageEvents = this.events.read("package-events")) {
			packageEvents.awaitEvents(VersionPublished.class, 1, (event) -> event.getPackageId().equals(packageId));
			for (String region : List.of("cn-hangzhou", "cn-shanghai", "ap-southeast-1")) {
				this.events.publish(replicated(packageId, 1, region, true, Instant.now()));
			}
			VersionDistributionSettled settled = packageEvents
				.awaitEvents(VersionDistributionSettled.class, 1, (event) -> event.getPackageId().equals(packageId))
				.get(0);
			assertThat(settled.getOutcome().name()).isEqualTo("AVAILABLE");
		}
		JsonNode version = this.isv.get("/v1/packages/" + packageId + "/versions/1").json();
		assertThat(version.get("status").asString()).isEqualTo("AVAILABLE");
		assertThat(version.get("regionResults").get(1).get("regionalImageId").asString()).startsWith("m-copy-");
	}

	@Test
	void aPartialFailureCanBeRetriedUntilTheVersionIsAvailable() {
		String packageId = this.isv.post("/v1/packages", PackageApi.newPackage("retries")).json().get("id").asString();
		this.isv.post("/v1/packages/" + packageId + "/versions/draft/publish", null);
		Instant first = Instant.now();
		this.events.publish(replicated(packageId, 1, "cn-hangzhou", true, first));
		this.events.publish(replicated(packageId, 1, "cn-shanghai", true, first));
		this.events.publish(replicated(packageId, 1, "ap-southeast-1", false, first));
		awaitStatus(packageId, 1, "PARTIALLY_AVAILABLE");

		PackageApi.Response retried = this.isv.post("/v1/packages/" + packageId + "/versions/1/retry", null);

		assertThat(retried.status()).isEqualTo(202);
		assertThat(retried.json().get("status").asString()).isEqualTo("DISTRIBUTING");
		try (EventTestClient.TopicReader packageEvents = this.events.read("package-events")) {
			VersionRetryRequested retry = packageEvents
				.awaitEvents(VersionRetryRequested.class, 1, (event) -> event.getPackageId().equals(packageId))
				.get(0);
			assertThat(retry.getRegions()).containsExactly("ap-southeast-1");
		}
		this.events.publish(replicated(packageId, 1, "ap-southeast-1", true, first.plusSeconds(60)));
		awaitStatus(packageId, 1, "AVAILABLE");
	}

	private void awaitStatus(String packageId, int version, String status) {
		await().untilAsserted(() -> assertThat(
				this.isv.get("/v1/packages/" + packageId + "/versions/" + version).json().get("status").asString())
			.isEqualTo(status));
	}

	static RegionReplicated replicated(String packageId, int version, String region, boolean succeeded,
			Instant finishedAt) {
		return RegionReplicated.newBuilder()
			.setPackageId(packageId)
			.setVersionNumber(version)
			.setRegion(region)
			.setSucceeded(succeeded)
			.setRegionalImageId(succeeded ? "m-copy-" + region : null)
			.setFailureCode(succeeded ? null : "QUOTA_EXCEEDED")
			.setFailureReason(succeeded ? null : "Image quota used up in " + region)
			.setAttempts(1)
			.setStartedAt(finishedAt.minusSeconds(30))
			.setFinishedAt(finishedAt)
			.build();
	}

}
