package dev.imagepack.packages.deployment;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.imagepack.events.PackageDeleted;
import dev.imagepack.events.PackageVersionUsage;
import dev.imagepack.events.PackageVisibility;
import dev.imagepack.events.PackageVisibilityChanged;
import dev.imagepack.events.RegionReplicated;
import dev.imagepack.events.RegionReplicationProgressed;
import dev.imagepack.events.VersionDistributionSettled;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.VersionRetryRequested;
import dev.imagepack.events.VersionSaved;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.testsupport.EventTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared by {@link PackageApiOnEmbeddedPlatformTests}, on the embedded broker and store,
 * and {@link PackageApiOnContainersTests}, on real Kafka and MongoDB in containers.
 */
abstract class PackageApiTests {

	@Value("${local.server.port}")
	private int port;

	@Value("${spring.cloud.stream.kafka.binder.brokers}")
	private String brokers;

	private PackageApi isv;

	private EventTestClient events;

	@Autowired
	private PackageService packages;

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
	void aWriteAnswersWhatALaterReadOfTheSameStateAnswersTimesIncluded() {
		PackageApi.Response created = this.isv.post("/v1/packages", PackageApi.newPackage("same_times"));
		String packageId = created.json().get("id").asString();

		assertThat(this.isv.get("/v1/packages/" + packageId).json()).isEqualTo(created.json());
		JsonNode published = this.isv.post("/v1/packages/" + packageId + "/versions/draft/publish", null).json();
		assertThat(this.isv.get("/v1/packages/" + packageId + "/versions/1").json()).isEqualTo(published);
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

	@Test
	void editingAPublishedVersionIsAConflictThatSaysToCreateANewVersion() {
		String packageId = createAndPublish("locked");

		PackageApi.Response edit = this.isv.send("PUT", "/v1/packages/" + packageId + "/versions/1",
				PackageApi.version("release_2", List.of("cn-hangzhou")), Map.of());

		assertThat(edit.status()).isEqualTo(409);
		assertThat(edit.json().get("type").asString()).endsWith("/version-locked");
		assertThat(edit.json().get("detail").asString()).contains("create a new version");
	}

	@Test
	void aStaleETagIsAPreconditionFailure() {
		PackageApi.Response created = this.isv.post("/v1/packages", PackageApi.newPackage("etags"));
		String packageId = created.json().get("id").asString();
		String first = created.header("ETag");
		PackageApi.Response changed = this.isv.send("PATCH", "/v1/packages/" + packageId,
				Map.of("tags", List.of(Map.of("key", "stage", "value", "beta"))), Map.of("If-Match", first));
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.header("ETag")).isNotEqualTo(first);

		PackageApi.Response stale = this.isv.send("POST", "/v1/packages/" + packageId + "/versions/draft/publish", null,
				Map.of("If-Match", first));

		assertThat(stale.status()).isEqualTo(412);
		assertThat(stale.json().get("currentETag").asString()).isEqualTo(changed.header("ETag"));
	}

	@Test
	void aPatchChangesOnlyWhatItNames() {
		Map<String, Object> body = PackageApi.newPackage("merge_patch");
		body.put("resourceGroupId", "rg-acfm2xwq3tqvk4a");
		String packageId = this.isv.post("/v1/packages", body).json().get("id").asString();

		PackageApi.Response untouched = this.isv.send("PATCH", "/v1/packages/" + packageId, Map.of(), Map.of());
		PackageApi.Response groupRemoved = this.isv.send("PATCH", "/v1/packages/" + packageId,
				Map.of("resourceGroupId", ""), Map.of());

		assertThat(untouched.status()).isEqualTo(200);
		assertThat(untouched.json().get("tags").get(0).get("key").asString()).isEqualTo("team");
		assertThat(untouched.json().get("resourceGroupId").asString()).isEqualTo("rg-acfm2xwq3tqvk4a");
		assertThat(groupRemoved.json().get("tags")).hasSize(1);
		assertThat(groupRemoved.json().has("resourceGroupId") && !groupRemoved.json().get("resourceGroupId").isNull())
			.isFalse();
	}

	@Test
	void concurrentPublishesWithoutIfMatchPublishTheDraftOnceAndNeverAnswerPreconditionFailed()
			throws InterruptedException {
		String packageId = this.isv.post("/v1/packages", PackageApi.newPackage("racing")).json().get("id").asString();
		List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
		List<Thread> racers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			Thread racer = new Thread(() -> statuses
				.add(this.isv.post("/v1/packages/" + packageId + "/versions/draft/publish", null).status()));
			racer.start();
			racers.add(racer);
		}
		for (Thread racer : racers) {
			racer.join();
		}

		assertThat(statuses).containsOnlyOnce(202).doesNotContain(412, 500);
	}

	@Test
	void anotherAccountsPackageLooksLikeNoPackageButAnOperatorSeesIt() {
		String packageId = this.isv.post("/v1/packages", PackageApi.newPackage("private_one"))
			.json()
			.get("id")
			.asString();
		PackageApi other = PackageApi.as(this.port, "isv-other-" + System.nanoTime());
		PackageApi operator = PackageApi.as(this.port, "ops-1", "operator");

		PackageApi.Response seenByOther = other.get("/v1/packages/" + packageId);
		PackageApi.Response unknown = other.get("/v1/packages/pkg-doesnotexist00");

		assertThat(seenByOther.status()).isEqualTo(404);
		assertThat(seenByOther.json().get("title").asString()).isEqualTo(unknown.json().get("title").asString());
		assertThat(other.send("DELETE", "/v1/packages/" + packageId, null, Map.of()).status()).isEqualTo(404);
		assertThat(operator.get("/v1/packages/" + packageId).status()).isEqualTo(200);
	}

	@Test
	void duplicateAndOutOfOrderReplicationReportsLeaveTheLatestResult() {
		String packageId = createAndPublish("reordered");
		Instant t = Instant.now();
		RegionReplicated success = replicated(packageId, 1, "cn-shanghai", true, t);
		var attributes = this.events.publish(success);
		this.events.publish(success, attributes);
		this.events.publish(replicated(packageId, 1, "cn-shanghai", false, t.minusSeconds(10)));
		this.events.publish(RegionReplicationProgressed.newBuilder()
			.setPackageId(packageId)
			.setVersionNumber(1)
			.setRegion("cn-shanghai")
			.setPercent(40)
			.setAttempt(1)
			.setReportedAt(t.minusSeconds(20))
			.build());
		this.events.publish(replicated(packageId, 1, "cn-hangzhou", true, t));
		this.events.publish(replicated(packageId, 1, "ap-southeast-1", true, t));

		awaitStatus(packageId, 1, "AVAILABLE");
		JsonNode shanghai = this.isv.get("/v1/packages/" + packageId + "/versions/1")
			.json()
			.get("regionResults")
			.get(1);
		assertThat(shanghai.get("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(shanghai.get("percent").asInt()).isEqualTo(100);
		try (EventTestClient.TopicReader packageEvents = this.events.read("package-events")) {
			packageEvents.awaitEvents(VersionDistributionSettled.class, 1,
					(event) -> event.getPackageId().equals(packageId));
			assertThat(packageEvents.readFor(Duration.ofSeconds(1)))
				.filteredOn((record) -> record.value() instanceof VersionDistributionSettled settled
						&& settled.getPackageId().equals(packageId))
				.hasSize(1);
		}
	}

	@Test
	void aDeletedVersionCanBeReadButNotCopiedAndSaysItWasDeleted() {
		String packageId = createAndPublish("copy_of_deleted");
		assertThat(this.isv
			.post("/v1/packages/" + packageId + "/versions",
					Map.of("copyFrom", "1", "name", "release_2", "description", "The second release"))
			.status()).isEqualTo(201);
		assertThat(
				this.isv.send("POST", "/v1/packages/" + packageId + "/versions/draft/publish", null, Map.of()).status())
			.isEqualTo(202);
		assertThat(this.isv.send("DELETE", "/v1/packages/" + packageId + "/versions/1", null, Map.of()).status())
			.isEqualTo(202);

		PackageApi.Response copied = this.isv.post("/v1/packages/" + packageId + "/versions",
				Map.of("copyFrom", "1", "name", "release_3", "description", "A copy of a deleted version"));

		assertThat(copied.status()).isEqualTo(404);
		assertThat(copied.json().get("type").asString()).endsWith("/version-not-found");
		assertThat(copied.json().get("detail").asString())
			.isEqualTo("Version 1 of package " + packageId + " was deleted");
		assertThat(this.isv.get("/v1/packages/" + packageId + "/versions/1").json().get("status").asString())
			.startsWith("DELET");
	}

	@Test
	void aVersionThatAnActiveServiceUsesCannotBeDeleted() {
		String packageId = createAndPublish("in_use");
		this.events.publish(visibility(packageId, PackageVisibility.PUBLIC, "service-b", "service-a")
			.setVersionUsages(List.of(new PackageVersionUsage("1", List.of("service-b", "service-a"))))
			.build());
		awaitLevel(packageId, "PUBLIC");

		PackageApi.Response deleteVersion = this.isv.send("DELETE", "/v1/packages/" + packageId + "/versions/1", null,
				Map.of());
		PackageApi.Response deletePackage = this.isv.send("DELETE", "/v1/packages/" + packageId, null, Map.of());

		assertThat(deleteVersion.status()).isEqualTo(409);
		assertThat(deleteVersion.json().get("detail").asString()).contains("service-a, service-b");
		assertThat(deletePackage.status()).isEqualTo(409);
	}

	@Test
	void aSucceededResultWithoutAnImageIsDeadLetteredAloneAndTheResultsAroundItAreApplied() {
		String packageId = createAndPublish("burst_with_bad_result");
		RegionReplicated withoutImage = RegionReplicated
			.newBuilder(replicated(packageId, 1, "cn-shanghai", true, Instant.now()))
			.setRegionalImageId(null)
			.build();
		try (EventTestClient.TopicReader deadLetters = this.events.read("error.replication-events.package-service")) {
			this.events.publish(replicated(packageId, 1, "cn-hangzhou", true, Instant.now()));
			this.events.publish(withoutImage);
			this.events.publish(replicated(packageId, 1, "ap-southeast-1", true, Instant.now()));

			List<ConsumerRecord<String, SpecificRecord>> dead = deadLetters.awaitRecords(1,
					(record) -> packageId.equals(record.key()));
			assertThat(dead).hasSize(1);
			assertThat(
					new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
				.contains("succeeded without a regionalImageId");
		}
		await().untilAsserted(() -> assertThat(
				this.isv.get("/v1/packages/" + packageId + "/versions/1").json().get("regionResults").values())
			.extracting((region) -> region.get("status").asString())
			.containsExactly("SUCCEEDED", "PENDING", "SUCCEEDED"));
	}

	@Test
	void aProgressReportOutOfRangeIsDeadLetteredAndNotShown() {
		String packageId = createAndPublish("progress_out_of_range");
		RegionReplicationProgressed outOfRange = RegionReplicationProgressed.newBuilder()
			.setPackageId(packageId)
			.setVersionNumber(1)
			.setRegion("cn-shanghai")
			.setPercent(400)
			.setAttempt(1)
			.setReportedAt(Instant.now())
			.build();
		try (EventTestClient.TopicReader deadLetters = this.events.read("error.replication-events.package-service")) {
			this.events.publish(outOfRange);

			assertThat(deadLetterReason(deadLetters, packageId))
				.contains("A percentage lies between 0 and 100, not 400");
		}
		assertThat(this.isv.get("/v1/packages/" + packageId + "/versions/1").json().get("regionResults").values())
			.extracting((region) -> region.get("percent").asInt())
			.containsOnly(0);
	}

	@Test
	void aResultWithAnImpossibleAttemptCountIsDeadLetteredAndNotApplied() {
		String packageId = createAndPublish("result_negative_attempts");
		RegionReplicated impossible = RegionReplicated
			.newBuilder(replicated(packageId, 1, "cn-shanghai", true, Instant.now()))
			.setAttempts(-3)
			.build();
		try (EventTestClient.TopicReader deadLetters = this.events.read("error.replication-events.package-service")) {
			this.events.publish(impossible);

			assertThat(deadLetterReason(deadLetters, packageId)).contains("Attempts are counted from 1, not -3");
		}
		assertNoRegionResultApplied(packageId);
	}

	@Test
	void aResultWithAnOversizedEventIdIsDeadLetteredAndNotRemembered() {
		String packageId = createAndPublish("result_oversized_event_id");
		try (EventTestClient.TopicReader deadLetters = this.events.read("error.replication-events.package-service")) {
			// The package remembers the IDs of the events it handled.
			this.events.publishWithHeader(replicated(packageId, 1, "cn-shanghai", true, Instant.now()),
					CloudEventAttributes.ID, "x".repeat(10_000));

			assertThat(deadLetterReason(deadLetters, packageId))
				.contains("ce_id has 10000 characters; at most 256 are taken");
		}
		assertNoRegionResultApplied(packageId);
	}

	/** Every region of the package's version 1 is still waiting for its result. */
	private void assertNoRegionResultApplied(String packageId) {
		assertThat(this.isv.get("/v1/packages/" + packageId + "/versions/1").json().get("regionResults").values())
			.extracting((region) -> region.get("status").asString())
			.containsOnly("PENDING");
	}

	@Test
	void aVisibilityChangeNamingInvalidAccountsIsDeadLetteredAndNotApplied() {
		String packageId = createAndPublish("visibility_bad_accounts");
		try (EventTestClient.TopicReader deadLetters = this.events.read("error.permission-events.package-service")) {
			this.events.publish(visibility(packageId, PackageVisibility.WHITELIST, "service-x")
				.setAllowedAccountIds(List.of("a b c"))
				.build());

			assertThat(deadLetterReason(deadLetters, packageId))
				.contains("allowedAccountIds is not a valid ID: 'a b c'");
		}
		assertThat(this.isv.get("/v1/packages/" + packageId).json().get("visibility").get("level").asString())
			.isEqualTo("PRIVATE");
	}

	@Test
	void aVisibilityChangeNamingAServiceWithAColonIsApplied() {
		String packageId = createAndPublish("visibility_colon_service");

		this.events.publish(visibility(packageId, PackageVisibility.PUBLIC, "acs:svc-1").build());

		awaitLevel(packageId, "PUBLIC");
	}

	private PackageVisibilityChanged.Builder visibility(String packageId, PackageVisibility level, String... services) {
		return PackageVisibilityChanged.newBuilder()
			.setPackageId(packageId)
			.setOwnerAccountId(owner(packageId))
			.setVisibility(level)
			.setContributingServiceIds(List.of(services))
			.setRevision(1)
			.setChangedAt(Instant.now());
	}

	private void awaitLevel(String packageId, String level) {
		await().untilAsserted(() -> assertThat(
				this.isv.get("/v1/packages/" + packageId).json().get("visibility").get("level").asString())
			.isEqualTo(level));
	}

	private static String deadLetterReason(EventTestClient.TopicReader deadLetters, String packageId) {
		List<ConsumerRecord<String, SpecificRecord>> dead = deadLetters.awaitRecords(1,
				(record) -> packageId.equals(record.key()));
		return new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
	}

	@Test
	void aConsumedEventThatFailsHalfwayLeavesThePackageAsTheEventsBeforeItMadeIt() {
		String packageId = createAndPublish("fails_halfway");
		Instant now = Instant.now();
		List<PackageService.ConsumedEvent> events = List
			.of(new PackageService.ConsumedEvent(0, "before-" + packageId, (found) -> {
				found.recordProgress(1, "cn-hangzhou", new ReplicationProgress(40, 1, null, now));
				return List.of();
			}), new PackageService.ConsumedEvent(1, "failing-" + packageId, (found) -> {
				found.recordProgress(1, "cn-shanghai", new ReplicationProgress(70, 1, null, now));
				throw new IllegalArgumentException("refused halfway");
			}), new PackageService.ConsumedEvent(2, "after-" + packageId, (found) -> {
				found.recordProgress(1, "ap-southeast-1", new ReplicationProgress(90, 1, null, now));
				return List.of();
			}));

		PackageService.FailedEvent failed = this.packages.applyConsumedEvents(packageId, events).orElseThrow();

		assertThat(failed.event().index()).isEqualTo(1);
		assertThat(failed.inStore()).isFalse();
		assertThat(failed.cause()).hasMessage("refused halfway");
		JsonNode regions = this.isv.get("/v1/packages/" + packageId + "/versions/1").json().get("regionResults");
		assertThat(regions.values()).extracting((region) -> region.get("percent").asInt()).containsExactly(40, 0, 0);
	}

	@Test
	void eventsOfSeveralPackagesInOneBatchReachEachAndAFailingRuleStopsOnlyItsOwnPackage() {
		String first = createAndPublish("batch_first");
		String failing = createAndPublish("batch_failing");
		String last = createAndPublish("batch_last");
		Instant now = Instant.now();
		Map<String, List<PackageService.ConsumedEvent>> batch = new LinkedHashMap<>();
		batch.put(first,
				List.of(progress(0, first, "cn-hangzhou", 10, now), progress(3, first, "cn-shanghai", 20, now)));
		batch.put(failing, List.of(progress(1, failing, "cn-hangzhou", 30, now),
				new PackageService.ConsumedEvent(4, "failing-" + failing, (found) -> {
					found.recordProgress(1, "cn-shanghai", new ReplicationProgress(70, 1, null, now));
					throw new IllegalArgumentException("refused in a batch");
				}), progress(6, failing, "ap-southeast-1", 90, now)));
		batch.put("pkg-unknown0000000000", List.of(progress(2, "pkg-unknown0000000000", "cn-hangzhou", 50, now)));
		batch.put(last, List.of(progress(5, last, "ap-southeast-1", 60, now)));

		PackageService.FailedEvent failed = this.packages.applyConsumedEvents(batch).orElseThrow();

		assertThat(failed.event().index()).isEqualTo(4);
		assertThat(failed.inStore()).isFalse();
		assertThat(percents(first)).containsExactly(10, 20, 0);
		assertThat(percents(failing)).containsExactly(30, 0, 0);
		assertThat(percents(last)).containsExactly(0, 0, 60);
		assertThat(this.packages.applyConsumedEvents(batch).orElseThrow().event().index()).isEqualTo(4);
		assertThat(percents(first)).containsExactly(10, 20, 0);
	}

	@Test
	void aPackageChangedElsewhereWhileItsBatchIsAppliedGetsItsEventsOnItsNewStateAndTheOthersKeepTheirs() {
		String changedElsewhere = createAndPublish("batch_changed");
		String other = createAndPublish("batch_other");
		Instant now = Instant.now();
		AtomicInteger runs = new AtomicInteger();
		Map<String, List<PackageService.ConsumedEvent>> batch = new LinkedHashMap<>();
		batch.put(changedElsewhere,
				List.of(new PackageService.ConsumedEvent(0, "racing-" + changedElsewhere, (found) -> {
					if (runs.incrementAndGet() == 1) {
						// Another writer stores the package between this batch's read and
						// its write.
						this.packages.applyConsumedEvents(changedElsewhere,
								List.of(progress(9, changedElsewhere, "ap-southeast-1", 80, now)));
					}
					found.recordProgress(1, "cn-hangzhou", new ReplicationProgress(40, 1, null, now));
					return List.of();
				})));
		batch.put(other, List.of(progress(1, other, "cn-shanghai", 55, now)));

		assertThat(this.packages.applyConsumedEvents(batch)).isEmpty();

		assertThat(runs).hasValue(2);
		assertThat(percents(changedElsewhere)).containsExactly(40, 0, 80);
		assertThat(percents(other)).containsExactly(0, 55, 0);
	}

	private static PackageService.ConsumedEvent progress(int index, String packageId, String region, int percent,
			Instant at) {
		return new PackageService.ConsumedEvent(index, "progress-" + region + "-" + percent + "-" + packageId,
				(found) -> {
					found.recordProgress(1, region, new ReplicationProgress(percent, 1, null, at));
					return List.of();
				});
	}

	private List<Integer> percents(String packageId) {
		JsonNode regions = this.isv.get("/v1/packages/" + packageId + "/versions/1").json().get("regionResults");
		return regions.values().stream().map((region) -> region.get("percent").asInt()).toList();
	}

	@Test
	void aVisibilityChangeThatNamesAnotherOwnerIsDeadLetteredAndNotApplied() {
		String packageId = createAndPublish("foreign_owner");
		try (EventTestClient.TopicReader deadLetters = this.events.read("error.permission-events.package-service")) {
			this.events.publish(PackageVisibilityChanged.newBuilder()
				.setPackageId(packageId)
				.setOwnerAccountId("isv-intruder")
				.setVisibility(PackageVisibility.PUBLIC)
				.setContributingServiceIds(List.of("service-x"))
				.setRevision(1)
				.setChangedAt(Instant.now())
				.build());

			List<ConsumerRecord<String, SpecificRecord>> dead = deadLetters.awaitRecords(1,
					(record) -> packageId.equals(record.key()));

			String reason = new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(),
					StandardCharsets.UTF_8);
			assertThat(reason).contains("isv-intruder").contains("does not own");
		}
		assertThat(this.isv.get("/v1/packages/" + packageId).json().get("visibility").get("level").asString())
			.isEqualTo("PRIVATE");
	}

	@Test
	void aPackageBeingDeletedCanBeReadAndDeletedAgainButNotChanged() {
		String packageId = createAndPublish("being_deleted");

		PackageApi.Response deleted = this.isv.send("DELETE", "/v1/packages/" + packageId, null, Map.of());
		PackageApi.Response again = this.isv.send("DELETE", "/v1/packages/" + packageId, null, Map.of());
		PackageApi.Response patched = this.isv.send("PATCH", "/v1/packages/" + packageId, Map.of("tags", List.of()),
				Map.of());
		PackageApi.Response copied = this.isv.post("/v1/packages/" + packageId + "/versions",
				Map.of("copyFrom", "1", "name", "release_2", "description", "A copy of a version being deleted"));

		assertThat(deleted.status()).isEqualTo(202);
		assertThat(again.status()).isEqualTo(202);
		assertThat(this.isv.get("/v1/packages/" + packageId).json().get("status").asString()).isEqualTo("DELETING");
		assertThat(patched.status()).isEqualTo(409);
		assertThat(patched.json().get("type").asString()).endsWith("/package-deleting");
		assertThat(copied.status()).isEqualTo(409);
	}

	@Test
	void relayingEventsLeavesTheEntityTagAsItWas() {
		PackageApi.Response created = this.isv.post("/v1/packages", PackageApi.newPackage("etag_after_relay"));
		String packageId = created.json().get("id").asString();
		try (EventTestClient.TopicReader packageEvents = this.events.read("package-events")) {
			packageEvents.awaitEvents(VersionSaved.class, 1, (event) -> event.getPackageId().equals(packageId));
		}
		await().untilAsserted(() -> assertThat(this.isv.get("/v1/packages/" + packageId).header("ETag"))
			.isEqualTo(created.header("ETag")));

		PackageApi.Response published = this.isv.send("POST", "/v1/packages/" + packageId + "/versions/draft/publish",
				null, Map.of("If-Match", created.header("ETag")));

		assertThat(published.status()).isEqualTo(202);
	}

	private String owner(String packageId) {
		return this.isv.get("/v1/packages/" + packageId).json().get("ownerAccountId").asString();
	}

	@Test
	void deletingTheOnlyVersionDeletesThePackage() {
		String packageId = this.isv.post("/v1/packages", PackageApi.newPackage("short_lived"))
			.json()
			.get("id")
			.asString();

		PackageApi.Response deleted = this.isv.send("DELETE", "/v1/packages/" + packageId + "/versions/draft", null,
				Map.of());

		assertThat(deleted.status()).isEqualTo(202);
		assertThat(deleted.json().get("id").asString()).isEqualTo(packageId);
		assertThat(deleted.json().get("status").asString()).isEqualTo("DELETED");
		assertThat(this.isv.get("/v1/packages/" + packageId).status()).isEqualTo(404);
		try (EventTestClient.TopicReader packageEvents = this.events.read("package-events")) {
			packageEvents.awaitEvents(PackageDeleted.class, 1, (event) -> event.getPackageId().equals(packageId));
		}
		assertThat(this.isv.post("/v1/packages", PackageApi.newPackage("short_lived")).status()).isEqualTo(201);
	}

	@Test
	void aNewDraftCanCopyAPublishedVersionAndPublishAsTheNextNumber() {
		String packageId = createAndPublish("second_version");

		PackageApi.Response draft = this.isv.post("/v1/packages/" + packageId + "/versions",
				Map.of("copyFrom", "1", "name", "release_2", "description", "Same image, second release"));
		PackageApi.Response second = this.isv.post("/v1/packages/" + packageId + "/versions",
				Map.of("copyFrom", "1", "name", "release_3", "description", "A second draft is not allowed"));
		PackageApi.Response published = this.isv.post("/v1/packages/" + packageId + "/versions/draft/publish", null);

		assertThat(draft.status()).isEqualTo(201);
		assertThat(draft.json().get("regions")).hasSize(3);
		assertThat(second.status()).isEqualTo(409);
		assertThat(published.json().get("version").asString()).isEqualTo("2");
	}

	@Test
	void packagesAreListedNewestFirstWithFiltersAndPages() {
		for (String name : List.of("list_alpha", "list_beta", "list_gamma", "other_delta")) {
			this.isv.post("/v1/packages", PackageApi.newPackage(name));
		}

		JsonNode firstPage = this.isv.get("/v1/packages?namePrefix=list_&pageSize=2").json();
		String token = firstPage.get("nextPageToken").asString();
		JsonNode secondPage = this.isv.get("/v1/packages?namePrefix=list_&pageSize=2&pageToken=" + token).json();

		assertThat(names(firstPage)).containsExactly("list_gamma", "list_beta");
		assertThat(names(secondPage)).containsExactly("list_alpha");
		assertThat(secondPage.get("nextPageToken").isNull()).isTrue();
		assertThat(names(this.isv.get("/v1/packages?tagKey=team&tagValue=web&status=DRAFT").json())).hasSize(4);
		assertThat(names(this.isv.get("/v1/packages?tagKey=team&tagValue=ops").json())).isEmpty();
	}

	private static List<String> names(JsonNode page) {
		List<String> names = new ArrayList<>();
		page.get("items").forEach((item) -> names.add(item.get("name").asString()));
		return names;
	}

	private String createAndPublish(String name) {
		String packageId = this.isv.post("/v1/packages", PackageApi.newPackage(name)).json().get("id").asString();
		assertThat(this.isv.post("/v1/packages/" + packageId + "/versions/draft/publish", null).status())
			.isEqualTo(202);
		return packageId;
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
