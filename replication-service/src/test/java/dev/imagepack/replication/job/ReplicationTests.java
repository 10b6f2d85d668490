package dev.imagepack.replication.job;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.TestPropertySource;

import dev.imagepack.events.RegionImageRemoved;
import dev.imagepack.events.RegionReplicated;
import dev.imagepack.events.RegionReplicationProgressed;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.replication.cloud.CloudFailure;
import dev.imagepack.replication.cloud.CopyRequest;
import dev.imagepack.replication.cloud.CopyStatus;
import dev.imagepack.replication.cloud.simulator.FailureRule;
import dev.imagepack.replication.cloud.simulator.FailureRule.Operation;
import dev.imagepack.replication.cloud.simulator.SimulatedCloud;
import dev.imagepack.testsupport.OpenApiDocuments;
import dev.imagepack.testsupport.EventTestClient;
import dev.imagepack.testsupport.ServiceApi;

import static dev.imagepack.replication.job.ReplicationEvents.customPublished;
import static dev.imagepack.replication.job.ReplicationEvents.marketplacePublished;
import static dev.imagepack.replication.job.ReplicationEvents.newPackageId;
import static dev.imagepack.replication.job.ReplicationEvents.newSourceImageId;
import static dev.imagepack.replication.job.ReplicationEvents.retryRequested;
import static dev.imagepack.replication.job.ReplicationEvents.versionDeleted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@TestPropertySource(properties = { "imagepack.cloud.simulator.time-scale=600",
		"imagepack.cloud.simulator.not-offered.cmjj000321[0]=us-west-1", "imagepack.replication.tick=50ms",
		"imagepack.replication.poll-interval=50ms", "imagepack.replication.initial-backoff=50ms",
		"imagepack.replication.max-backoff=200ms", "imagepack.replication.lease-duration=2s" })
/**
 * Shared by {@link ReplicationOnEmbeddedPlatformTests}, on the embedded broker and store,
 * and {@link ReplicationOnContainersTests}, on real Kafka and MongoDB in containers.
 */
abstract class ReplicationTests {

	private static final List<String> REGIONS = List.of("cn-shanghai", "ap-southeast-1", "eu-central-1");

	@Value("${local.server.port}")
	private int port;

	@Value("${spring.cloud.stream.kafka.binder.brokers}")
	private String brokers;

	@Autowired
	private SimulatedCloud cloud;

	@Autowired
	private MongoTemplate mongo;

	private EventTestClient events;

	private EventTestClient.TopicReader replicationEvents;

	@BeforeEach
	void setUp() {
		this.events = new EventTestClient(this.brokers);
		this.replicationEvents = this.events.read("replication-events");
	}

	@AfterEach
	void tearDown() {
		this.cloud.clearFailures();
		this.replicationEvents.close();
		this.events.close();
	}

	@Test
	void aPublishedVersionIsCopiedIntoEverySelectedRegionAndItsSourceRegion() {
		String packageId = newPackageId();
		String source = newSourceImageId();

		this.events.publish(customPublished(packageId, source, 20, REGIONS));

		List<RegionReplicated> results = awaitResults(packageId, 4);
		assertThat(results).allSatisfy((result) -> {
			assertThat(result.getSucceeded()).isTrue();
			assertThat(result.getAttempts()).isEqualTo(1);
			assertThat(result.getFinishedAt()).isAfterOrEqualTo(result.getStartedAt());
		});
		Map<String, String> images = results.stream()
			.collect(Collectors.toMap(RegionReplicated::getRegion, RegionReplicated::getRegionalImageId));
		assertThat(images).containsOnlyKeys("cn-hangzhou", "cn-shanghai", "ap-southeast-1", "eu-central-1");
		assertThat(images.get("cn-hangzhou")).matches("m-bp1[a-z0-9]{17}");
		assertThat(images.get("cn-shanghai")).matches("m-uf6[a-z0-9]{17}");
		assertThat(images.get("eu-central-1")).matches("m-gw8[a-z0-9]{17}");
		assertThat(this.cloud.copiesStarted(source)).containsOnly(Map.entry("cn-hangzhou", 1L),
				Map.entry("cn-shanghai", 1L), Map.entry("ap-southeast-1", 1L), Map.entry("eu-central-1", 1L));
		List<RegionReplicationProgressed> progress = this.replicationEvents
			.awaitEvents(RegionReplicationProgressed.class, 4, (event) -> event.getPackageId().equals(packageId));
		assertThat(progress).extracting(RegionReplicationProgressed::getAttempt).containsOnly(1);
		// Progress reports the round's start as the result does, so that both show the
		// same.
		Map<String, RegionReplicated> resultsByRegion = byRegion(results);
		assertThat(progress).allSatisfy((event) -> assertThat(event.getStartedAt())
			.isEqualTo(resultsByRegion.get(event.getRegion()).getStartedAt()));
	}

	@Test
	void aCopyThatFinishesByTheNextLookIsStoredOnceWithItsResult() {
		String packageId = newPackageId();
		String source = newSourceImageId();

		// 1 GiB: within the source region about 33 ms at this time scale, under the 50 ms
		// poll interval; into cn-shanghai about 67 ms, over it.
		this.events.publish(customPublished(packageId, source, 1, List.of("cn-shanghai")));

		Map<String, RegionReplicated> results = byRegion(awaitResults(packageId, 2));
		assertThat(results.values()).allSatisfy((result) -> assertThat(result.getSucceeded()).isTrue());
		assertThat(this.cloud.copiesStarted(source)).containsOnly(Map.entry("cn-hangzhou", 1L),
				Map.entry("cn-shanghai", 1L));
		ReplicationJob quick = awaitReleased(ReplicationJob.idOf(packageId, 1, "cn-hangzhou"));
		ReplicationJob slow = awaitReleased(ReplicationJob.idOf(packageId, 1, "cn-shanghai"));
		assertThat(quick.getRegionalImageId()).isEqualTo(results.get("cn-hangzhou").getRegionalImageId());
		assertThat(quick.getPendingEvents()).isEmpty();
		// Written when queued, its attempt begun already since the instance had room for
		// it (revision 0), and with its result, which released it: its start went into
		// the store with its result, its events to Kafka before each write.
		assertThat(quick.getRevision()).isEqualTo(1L);
		assertThat(quick.getHistory()).singleElement()
			.satisfies((attempt) -> assertThat(attempt.instanceId()).isNotBlank());
		assertThat(slow.getRevision()).isGreaterThan(1L);
		// Only the copy that outlasted its first look reported its start.
		assertThat(progressOf(packageId)).extracting(RegionReplicationProgressed::getRegion)
			.contains("cn-shanghai")
			.doesNotContain("cn-hangzhou");
	}

	private ReplicationJob awaitReleased(String jobId) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> this.mongo.findById(jobId, ReplicationJob.class),
					(job) -> job != null && job.getStatus() == JobStatus.SUCCEEDED && job.getLeaseOwner() == null);
	}

	@Test
	void theSimulatorStartsOneCopyPerClientTokenAndForgetsNoDeletion() {
		String source = newSourceImageId();
		CopyRequest request = new CopyRequest("cn-hangzhou", source, "cn-shanghai", 1, "token-" + source, "copy");

		String started = this.cloud.startCopy(request);

		assertThat(this.cloud.startCopy(request)).isEqualTo(started);
		assertThat(this.cloud.copiesStarted(source)).containsOnly(Map.entry("cn-shanghai", 1L));
		assertThat(this.cloud.describeCopy("cn-shanghai", started).state()).isIn(CopyStatus.State.COPYING,
				CopyStatus.State.AVAILABLE);
		String other = this.cloud
			.startCopy(new CopyRequest("cn-hangzhou", source, "eu-central-1", 1, "token-other-" + source, "copy"));
		// Deleted before anything looked at it: its first description must say so.
		this.cloud.deleteImage("eu-central-1", other);
		assertThat(this.cloud.describeCopy("eu-central-1", other).state()).isEqualTo(CopyStatus.State.NOT_FOUND);
		assertThat(this.cloud.startCopy(request)).isEqualTo(started);
	}

	@Test
	void aCopyFailingHalfwayOnceFailsTheFirstNewCopyEvenAfterARepeatedRequest() {
		String source = newSourceImageId();
		CopyRequest request = new CopyRequest("cn-hangzhou", source, "cn-shanghai", 1, "token-" + source, "copy");
		String started = this.cloud.startCopy(request);
		this.cloud.inject(FailureRule.always(Operation.COPY, "cn-shanghai", CloudFailure.COPY_FAILED)
			.forSourceImage(source)
			.halfway()
			.times(1));

		assertThat(this.cloud.startCopy(request)).isEqualTo(started);
		String failing = this.cloud
			.startCopy(new CopyRequest("cn-hangzhou", source, "cn-shanghai", 1, "token-next-" + source, "copy"));

		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.cloud.describeCopy("cn-shanghai", failing).state() == CopyStatus.State.FAILED);
		assertThat(this.cloud.describeCopy("cn-shanghai", started).state()).isNotEqualTo(CopyStatus.State.FAILED);
	}

	@Test
	void aLargeImageReportsProgressInStepsBeforeItsResult() {
		String packageId = newPackageId();

		// About 1.8 s at the test's time scale: polled every 50 ms, reported every 10 %.
		this.events.publish(customPublished(packageId, newSourceImageId(), 100, List.of("cn-shanghai")));

		awaitResults(packageId, 2);
		List<Integer> shanghai = this.replicationEvents
			.awaitEvents(RegionReplicationProgressed.class, 1,
					(event) -> event.getPackageId().equals(packageId) && event.getRegion().equals("cn-shanghai"))
			.stream()
			.map(RegionReplicationProgressed::getPercent)
			.toList();
		assertThat(shanghai).isSorted().hasSizeBetween(5, 12);
		assertThat(shanghai.get(0)).isZero();
	}

	@Test
	void transientFailuresAreRetriedUntilTheRegionSucceeds() {
		String packageId = newPackageId();
		String source = newSourceImageId();
		this.cloud.inject(FailureRule.always(Operation.COPY, "cn-shanghai", CloudFailure.THROTTLED)
			.forSourceImage(source)
			.times(2));
		this.cloud.inject(FailureRule.always(Operation.COPY, "eu-central-1", CloudFailure.COPY_FAILED)
			.forSourceImage(source)
			.halfway()
			.times(1));

		this.events.publish(customPublished(packageId, source, 20, REGIONS));

		Map<String, RegionReplicated> results = byRegion(awaitResults(packageId, 4));
		assertThat(results.values()).allSatisfy((result) -> assertThat(result.getSucceeded()).isTrue());
		assertThat(results.get("cn-shanghai").getAttempts()).isEqualTo(3);
		assertThat(results.get("eu-central-1").getAttempts()).isEqualTo(2);
		assertThat(results.get("ap-southeast-1").getAttempts()).isEqualTo(1);
		// The copy that failed halfway was deleted; only the good copies remain.
		assertThat(this.cloud.liveCopies(source)).hasSize(4);
		ServiceApi.Response job = operator().get("/v1/replication-jobs/" + packageId + ":1:cn-shanghai");
		assertThat(job.json().get("history")).hasSize(3);
		assertThat(job.json().get("history").get(0).get("failureCode").asString()).isEqualTo("THROTTLED");
		assertThat(job.json().get("history").get(0).get("outcome").asString()).isEqualTo("RETRYING");
		assertThat(job.json().get("history").get(2).get("outcome").asString()).isEqualTo("SUCCEEDED");
		// Each retry was reported as it began; a first attempt once its copy was under
		// way.
		Map<String, Set<Integer>> reportedAttempts = progressOf(packageId).stream()
			.collect(Collectors.groupingBy(RegionReplicationProgressed::getRegion,
					Collectors.mapping(RegionReplicationProgressed::getAttempt, Collectors.toSet())));
		assertThat(reportedAttempts.get("cn-shanghai")).containsExactlyInAnyOrder(2, 3);
		assertThat(reportedAttempts.get("eu-central-1")).containsExactlyInAnyOrder(1, 2);
	}

	@Test
	void aPermanentFailureIsReportedExactlyOnceWithoutRetrying() {
		String packageId = newPackageId();
		String source = newSourceImageId();
		this.cloud.inject(FailureRule.always(Operation.COPY, "ap-southeast-1", CloudFailure.QUOTA_EXCEEDED)
			.forSourceImage(source));

		this.events.publish(customPublished(packageId, source, 20, REGIONS));

		Map<String, RegionReplicated> results = byRegion(awaitResults(packageId, 4));
		RegionReplicated failed = results.get("ap-southeast-1");
		assertThat(failed.getSucceeded()).isFalse();
		assertThat(failed.getFailureCode()).isEqualTo("QUOTA_EXCEEDED");
		assertThat(failed.getFailureReason()).contains("ap-southeast-1");
		assertThat(failed.getAttempts()).isEqualTo(1);
		assertThat(failed.getRegionalImageId()).isNull();
		assertThat(resultsAfterQuiet(packageId)).hasSize(4);
	}

	@Test
	void transientFailuresBeyondTheAttemptLimitFailTheRegionOnce() {
		String packageId = newPackageId();
		String source = newSourceImageId();
		this.cloud.inject(FailureRule.always(Operation.COPY, "cn-shanghai", CloudFailure.SERVICE_UNAVAILABLE)
			.forSourceImage(source));

		this.events.publish(customPublished(packageId, source, 20, List.of("cn-shanghai")));

		RegionReplicated failed = byRegion(awaitResults(packageId, 2)).get("cn-shanghai");
		assertThat(failed.getSucceeded()).isFalse();
		assertThat(failed.getFailureCode()).isEqualTo("SERVICE_UNAVAILABLE");
		assertThat(failed.getAttempts()).isEqualTo(4);
		assertThat(resultsAfterQuiet(packageId)).hasSize(2);
	}

	@Test
	void aRedeliveredVersionPublishedCreatesNoSecondJob() {
		String packageId = newPackageId();
		String source = newSourceImageId();
		VersionPublished published = customPublished(packageId, source, 20, REGIONS);

		CloudEventAttributes first = this.events.publish(published);
		this.events.publish(published, first);
		this.events.publish(published);

		awaitResults(packageId, 4);
		assertThat(resultsAfterQuiet(packageId)).hasSize(4);
		assertThat(this.cloud.copiesStarted(source).values()).containsOnly(1L);
		assertThat(operator().get("/v1/replication-jobs?packageId=" + packageId).json().get("jobs")).hasSize(4);
	}

	@Test
	void aFailedRegionRetriedOnRequestSucceedsInANewRound() {
		String packageId = newPackageId();
		String source = newSourceImageId();
		this.cloud.inject(FailureRule.always(Operation.COPY, "cn-shanghai", CloudFailure.PERMISSION_DENIED)
			.forSourceImage(source)
			.times(1));
		this.events.publish(customPublished(packageId, source, 20, List.of("cn-shanghai")));
		assertThat(byRegion(awaitResults(packageId, 2)).get("cn-shanghai").getSucceeded()).isFalse();

		CloudEventAttributes retry = this.events.publish(retryRequested(packageId, List.of("cn-shanghai")));
		this.events.publish(retryRequested(packageId, List.of("cn-shanghai")), retry);

		List<RegionReplicated> shanghai = this.replicationEvents.awaitEvents(RegionReplicated.class, 2,
				(event) -> event.getPackageId().equals(packageId) && event.getRegion().equals("cn-shanghai"));
		assertThat(shanghai.get(1).getSucceeded()).isTrue();
		assertThat(shanghai.get(1).getAttempts()).isEqualTo(2);
		assertThat(shanghai.get(1).getStartedAt()).isAfter(shanghai.get(0).getStartedAt());
		assertThat(resultsAfterQuiet(packageId)).hasSize(3);
	}

	@Test
	void aMarketplaceProductMissingInOneRegionFailsThereAndNowhereElse() {
		String packageId = newPackageId();

		this.events.publish(marketplacePublished(packageId, "cmjj000321", List.of("cn-shanghai", "us-west-1")));

		Map<String, RegionReplicated> results = byRegion(awaitResults(packageId, 3));
		assertThat(results.get("us-west-1").getSucceeded()).isFalse();
		assertThat(results.get("us-west-1").getFailureCode()).isEqualTo("PRODUCT_NOT_OFFERED");
		assertThat(results.get("us-west-1").getFailureReason()).contains("cmjj000321", "us-west-1");
		assertThat(results.get("us-west-1").getAttempts()).isEqualTo(1);
		assertThat(results.get("cn-shanghai").getRegionalImageId()).matches("m-uf6[a-z0-9]{17}");
		assertThat(results.get("cn-hangzhou").getSucceeded()).isTrue();
		assertThat(resultsAfterQuiet(packageId)).hasSize(3);
	}

	@Test
	void deletingAVersionRemovesEveryRegionalCopy() {
		String packageId = newPackageId();
		String source = newSourceImageId();
		this.events.publish(customPublished(packageId, source, 20, REGIONS));
		Map<String, RegionReplicated> results = byRegion(awaitResults(packageId, 4));

		this.events.publish(versionDeleted(packageId));

		List<RegionImageRemoved> removed = this.replicationEvents.awaitEvents(RegionImageRemoved.class, 4,
				(event) -> event.getPackageId().equals(packageId));
		assertThat(removed).hasSize(4)
			.allSatisfy((event) -> assertThat(event.getRegionalImageId())
				.isEqualTo(results.get(event.getRegion()).getRegionalImageId()));
		assertThat(this.cloud.liveCopies(source)).isEmpty();
	}

	@Test
	void aCopyThatCannotBeDescribedForAWhileIsDescribedAgainAndNeverCopiedTwice() {
		String packageId = newPackageId();
		String source = newSourceImageId();
		this.cloud.inject(FailureRule.always(Operation.DESCRIBE, "cn-shanghai", CloudFailure.SERVICE_UNAVAILABLE)
			.forSourceImage(source)
			.times(3));

		this.events.publish(customPublished(packageId, source, 20, REGIONS));

		Map<String, RegionReplicated> results = byRegion(awaitResults(packageId, 4));
		assertThat(results.values()).allSatisfy((result) -> assertThat(result.getSucceeded()).isTrue());
		assertThat(results.get("cn-shanghai").getAttempts()).isEqualTo(1);
		assertThat(this.cloud.copiesStarted(source).values()).containsOnly(1L);
		assertThat(this.cloud.liveCopies(source)).hasSize(4);
	}

	@Test
	void aVersionDeletedBeforeItsPublicationArrivesIsReportedRemovedWithoutACopy() {
		String packageId = newPackageId();
		String source = newSourceImageId();
		// As after partitions were added: the deletion is consumed first.
		this.events.publish(versionDeleted(packageId));
		this.events.publish(customPublished(packageId, source, 20, REGIONS));

		List<RegionImageRemoved> removed = this.replicationEvents.awaitEvents(RegionImageRemoved.class, 4,
				(event) -> event.getPackageId().equals(packageId));
		assertThat(removed).allSatisfy((event) -> assertThat(event.getRegionalImageId()).isNull());
		assertThat(this.cloud.copiesStarted(source)).isEmpty();
		assertThat(resultsAfterQuiet(packageId)).isEmpty();
	}

	@Test
	void deletingAVersionMidCopyCancelsTheCopyAndReportsNoResult() {
		String packageId = newPackageId();
		String source = newSourceImageId();
		// About 30 s per copy at the test's time scale: still running when the deletion
		// arrives.
		this.events.publish(customPublished(packageId, source, 1700, List.of("cn-shanghai")));
		this.replicationEvents.awaitEvents(RegionReplicationProgressed.class, 2,
				(event) -> event.getPackageId().equals(packageId));
		// Each region reports its start once its copy is under way.
		await().until(() -> this.cloud.liveCopies(source).size() == 2);

		this.events.publish(versionDeleted(packageId));

		this.replicationEvents.awaitEvents(RegionImageRemoved.class, 2,
				(event) -> event.getPackageId().equals(packageId));
		assertThat(this.cloud.liveCopies(source)).isEmpty();
		assertThat(resultsAfterQuiet(packageId)).isEmpty();
		assertThat(operator().get("/v1/replication-jobs?packageId=" + packageId + "&status=REMOVED").json().get("jobs"))
			.hasSize(2);
	}

	@Test
	void anEventThatCannotDescribeAJobIsDeadLetteredWithTheReason() {
		String packageId = newPackageId();
		VersionPublished bad = customPublished(packageId, newSourceImageId(), 20, List.of("Not A Region"));

		assertDeadLetteredWithoutJobs(bad, "Not a region ID: 'Not A Region'");
	}

	@Test
	void aVersionNamingARegionTwiceIsDeadLetteredAsItsApiWouldRefuseIt() {
		String packageId = newPackageId();
		VersionPublished twice = customPublished(packageId, newSourceImageId(), 20,
				List.of("cn-shanghai", "eu-central-1", "cn-shanghai"));

		assertDeadLetteredWithoutJobs(twice, "Region 'cn-shanghai' is listed twice");
	}

	/**
	 * Publishes the event and waits for its dead letter, which gives the reason, and no
	 * job.
	 */
	private void assertDeadLetteredWithoutJobs(VersionPublished event, String reason) {
		String packageId = event.getPackageId();
		this.events.publish(event);

		try (EventTestClient.TopicReader deadLetters = this.events.read("error.package-events.replication-service")) {
			ConsumerRecord<String, SpecificRecord> record = deadLetters
				.awaitRecords(1, (candidate) -> packageId.equals(candidate.key()))
				.get(0);
			Header header = record.headers().lastHeader("dead-letter-reason");
			assertThat(new String(header.value(), StandardCharsets.UTF_8)).contains(reason);
		}
		assertThat(operator().get("/v1/replication-jobs?packageId=" + packageId).json().get("jobs")).isEmpty();
	}

	@Test
	void deletingAVersionAsItsCopiesStartLeavesNoCopyBehind() {
		String packageId = newPackageId();
		String source = newSourceImageId();
		this.events.publish(customPublished(packageId, source, 1700, REGIONS));
		this.replicationEvents.awaitEvents(RegionReplicationProgressed.class, 1,
				(event) -> event.getPackageId().equals(packageId));

		this.events.publish(versionDeleted(packageId));

		this.replicationEvents.awaitEvents(RegionImageRemoved.class, 4,
				(event) -> event.getPackageId().equals(packageId));
		await().during(Duration.ofMillis(500)).until(() -> this.cloud.liveCopies(source).isEmpty());
	}

	@Test
	void anOperatorCanInjectAFailureIntoTheRunningSimulator() {
		String packageId = newPackageId();
		String source = newSourceImageId();
		Map<String, Object> rule = Map.of("operation", "COPY", "region", "cn-shanghai", "sourceImageId", source,
				"failure", "QUOTA_EXCEEDED", "times", 1);

		ServiceApi.Response refused = ServiceApi.as(this.port, "isv-1")
			.send("POST", "/dev/simulator/failures", rule, Map.of());
		ServiceApi.Response invalid = operator().send("POST", "/dev/simulator/failures", Map.of("failure", "EXPLODED"),
				Map.of());
		ServiceApi.Response injected = operator().send("POST", "/dev/simulator/failures", rule, Map.of());
		this.events.publish(customPublished(packageId, source, 20, List.of("cn-shanghai")));

		assertThat(refused.status()).isEqualTo(403);
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(injected.status()).isEqualTo(201);
		Map<String, RegionReplicated> results = byRegion(awaitResults(packageId, 2));
		assertThat(results.get("cn-shanghai").getFailureCode()).isEqualTo("QUOTA_EXCEEDED");
		assertThat(results.get("cn-hangzhou").getSucceeded()).isTrue();
	}

	@Test
	void aFailureRuleWithAMalformedRegionOrImageIsRefusedAndNotAdded() {
		Map<String, Object> rule = Map.of("region", "CN HANGZHOU; drop", "sourceImageId", "../m-1", "failure",
				"THROTTLED");

		ServiceApi.Response refused = operator().send("POST", "/dev/simulator/failures", rule, Map.of());

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").toString()).contains("region", "sourceImageId");
		assertThat(operator().get("/dev/simulator/failures").json().values())
			.noneMatch((found) -> found.get("failure").asString().equals("THROTTLED")
					&& found.path("region").asString("").equals("CN HANGZHOU; drop"));
	}

	@Test
	void anOperatorCanListAndClearTheFailureRulesOfTheRunningSimulator() {
		String source = newSourceImageId();
		Map<String, Object> rule = Map.of("operation", "COPY", "region", "eu-central-1", "sourceImageId", source,
				"failure", "THROTTLED", "times", 2);
		assertThat(operator().send("POST", "/dev/simulator/failures", rule, Map.of()).status()).isEqualTo(201);

		ServiceApi.Response listed = operator().get("/dev/simulator/failures");
		ServiceApi.Response refused = ServiceApi.as(this.port, "isv-1").get("/dev/simulator/failures");
		ServiceApi.Response cleared = operator().send("DELETE", "/dev/simulator/failures", null, Map.of());
		ServiceApi.Response afterwards = operator().get("/dev/simulator/failures");

		assertThat(listed.status()).isEqualTo(200);
		assertThat(listed.json().values()).anySatisfy((found) -> {
			assertThat(found.get("sourceImageId").asString()).isEqualTo(source);
			assertThat(found.get("failure").asString()).isEqualTo("THROTTLED");
			assertThat(found.get("times").asInt()).isEqualTo(2);
			assertThat(found.get("fired").asInt()).isZero();
		});
		assertThat(refused.status()).isEqualTo(403);
		assertThat(cleared.status()).isEqualTo(204);
		assertThat(afterwards.json().values()).isEmpty();
	}

	@Test
	void aJobListingNamesEveryInvalidOrUnknownParameterAndTakesEmptyOnesAsAbsent() {
		ServiceApi.Response refused = operator()
			.get("/v1/replication-jobs?versionNumber=0&status=BAD&pageSize=101&pageToken=%25%25&pakageId=x");
		ServiceApi.Response listed = operator()
			.get("/v1/replication-jobs?packageId=&versionNumber=&status=&pageSize=&pageToken=");

		assertThat(refused.status()).isEqualTo(400);
		List<String> fields = new ArrayList<>();
		refused.json().get("errors").forEach((error) -> fields.add(error.get("field").asString()));
		assertThat(fields).containsExactlyInAnyOrder("versionNumber", "status", "pageSize", "pageToken", "pakageId");
		assertThat(listed.status()).as(listed.body()).isEqualTo(200);
	}

	@Test
	void aJobListingRefusesAFilterGivenTwiceRatherThanMatchingBothAsOneValue() {
		ServiceApi.Response refused = operator().get("/v1/replication-jobs?packageId=pkg-a&packageId=pkg-b");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("packageId");
		assertThat(refused.body()).contains("is given 2 times");
	}

	@Test
	void theOperatorApiIsDescribedWithoutAToken() {
		ServiceApi.Response document = ServiceApi.anonymous(this.port).get("/v3/api-docs");

		assertThat(document.status()).isEqualTo(200);
		assertThat(document.json().get("paths").has("/v1/replication-jobs/{jobId}")).isTrue();
		assertThat(OpenApiDocuments.operationsWithoutSummary(document.json())).isEmpty();
	}

	private ServiceApi operator() {
		return ServiceApi.as(this.port, "ops-1", "operator");
	}

	private List<RegionReplicated> awaitResults(String packageId, int count) {
		return ReplicationEvents.awaitResults(this.replicationEvents, packageId, count);
	}

	/**
	 * Every progress report of a package read so far, after a quiet while.
	 */
	private List<RegionReplicationProgressed> progressOf(String packageId) {
		return ReplicationEvents.eventsAfterQuiet(this.replicationEvents, RegionReplicationProgressed.class,
				(progressed) -> progressed.getPackageId().equals(packageId));
	}

	private List<RegionReplicated> resultsAfterQuiet(String packageId) {
		return ReplicationEvents.resultsAfterQuiet(this.replicationEvents, packageId);
	}

	private static Map<String, RegionReplicated> byRegion(List<RegionReplicated> results) {
		return ReplicationEvents.byRegion(results);
	}

}
