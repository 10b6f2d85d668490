package dev.imagepack.mapping.version;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;

import dev.imagepack.events.PackageDeleted;
import dev.imagepack.events.PackageVisibility;
import dev.imagepack.events.PackageVisibilityChanged;
import dev.imagepack.events.RegionImageRemoved;
import dev.imagepack.events.RegionReplicated;
import dev.imagepack.events.RegionReplicationProgressed;
import dev.imagepack.events.VersionDeleted;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.VersionRetryRequested;
import dev.imagepack.events.VersionSaved;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.mapping.MappingEvents;
import dev.imagepack.testsupport.EventTestClient;
import dev.imagepack.testsupport.ServiceApi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared by {@link MappingApiOnEmbeddedPlatformTests}, on the embedded broker and store,
 * and {@link MappingApiOnContainersTests}, on real Kafka and MongoDB in containers.
 */
abstract class MappingApiTests {

	private static final String SOURCE = MappingEvents.SOURCE;

	private static final Instant T0 = MappingEvents.T0;

	@Value("${local.server.port}")
	private int port;

	@Value("${spring.cloud.stream.kafka.binder.brokers}")
	private String brokers;

	@Autowired
	private MappingView view;

	@Autowired
	private MongoTemplate mongo;

	@Autowired
	private MappingUpdates updates;

	private EventTestClient events;

	private String owner;

	private String packageId;

	private ServiceApi isv;

	@BeforeEach
	void setUp() {
		this.events = new EventTestClient(this.brokers);
		this.owner = "isv-" + System.nanoTime();
		this.packageId = "pkg-" + UUID.randomUUID().toString().substring(0, 8);
		this.isv = ServiceApi.as(this.port, this.owner);
	}

	@AfterEach
	void tearDown() {
		this.events.close();
	}

	@Test
	void aPublishedVersionResolvesInItsSourceRegionAtOnceAndElsewhereOnceItsReplicaSucceeded() {
		this.events.publish(published(1, "cn-shanghai"));

		JsonNode source = awaitStatus(this.isv, lookup("1", SOURCE), 200).json();
		assertThat(source.get("imageId").asString()).isEqualTo("m-source01");
		assertThat(source.get("source").asString()).isEqualTo("SOURCE_IMAGE");
		this.events.publish(replicated(1, "cn-shanghai", true, 1, 10));
		JsonNode replica = awaitStatus(this.isv, lookup("1", "cn-shanghai"), 200).json();
		assertThat(replica.get("imageId").asString()).isEqualTo("m-copy-cn-shanghai-1");
		assertThat(replica.get("source").asString()).isEqualTo("REPLICA");
		assertThat(replica.get("sourceRegion").asString()).isEqualTo(SOURCE);
		assertThat(replica.get("sourceImageId").asString()).isEqualTo("m-source01");
		assertThat(replica.get("version").asString()).isEqualTo("1");
	}

	@Test
	void aRegionStillReplicatingIsNotYetDistributedWithItsProgress() {
		this.events.publish(published(1, "cn-shanghai"));
		this.events.publish(progressed(1, "cn-shanghai", 45, 1, 5));

		ServiceApi.Response answer = awaitProblem(lookup("1", "cn-shanghai"), "not-yet-distributed",
				(json) -> json.get("percent").asInt() == 45);

		assertThat(answer.status()).isEqualTo(409);
		assertThat(answer.json().get("region").asString()).isEqualTo("cn-shanghai");
	}

	@Test
	void aFailedRegionAnswersTheFailureUntilARetrySucceeds() {
		this.events.publish(published(1, "cn-shanghai"));
		this.events.publish(replicated(1, "cn-shanghai", false, 3, 10));

		ServiceApi.Response failed = awaitProblem(lookup("1", "cn-shanghai"), "replication-failed", (json) -> true);

		assertThat(failed.status()).isEqualTo(409);
		assertThat(failed.json().get("failureCode").asString()).isEqualTo("QUOTA_EXCEEDED");
		assertThat(failed.json().get("failureReason").asString()).contains("quota");
		this.events.publish(retry(1, 20, "cn-shanghai"));
		awaitProblem(lookup("1", "cn-shanghai"), "not-yet-distributed", (json) -> json.get("percent").asInt() == 0);
		this.events.publish(replicated(1, "cn-shanghai", true, 4, 30));
		awaitStatus(this.isv, lookup("1", "cn-shanghai"), 200);
	}

	@Test
	void aRegionNotSelectedListsTheRegionsWhereTheVersionCanBeUsed() {
		this.events.publish(published(1, "cn-shanghai", "eu-west-1"));
		this.events.publish(replicated(1, "cn-shanghai", true, 1, 10));
		awaitStatus(this.isv, lookup("1", "cn-shanghai"), 200);

		ServiceApi.Response answer = this.isv.get(lookup("1", "us-west-1"));

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.json().get("type").asString()).endsWith("/region-not-selected");
		assertThat(answer.json().get("usableRegions").values()).extracting(JsonNode::asString)
			.containsExactly(SOURCE, "cn-shanghai");
	}

	@Test
	void aDraftResolvesOnlyInItsSourceRegionToTheSourceImage() {
		this.events.publish(saved(T0, "m-draft001"));

		JsonNode draft = awaitStatus(this.isv, lookup("draft", SOURCE), 200).json();

		assertThat(draft.get("imageId").asString()).isEqualTo("m-draft001");
		assertThat(draft.get("source").asString()).isEqualTo("SOURCE_IMAGE");
		assertThat(this.isv.get(lookup("draft", "cn-shanghai")).json().get("type").asString())
			.endsWith("/draft-only-in-source-region");
		assertThat(this.isv.get(lookup("draft", "us-west-1")).json().get("type").asString())
			.endsWith("/region-not-selected");
		assertThat(ServiceApi.as(this.port, "ops-1", "operator").get(lookup("draft", SOURCE)).status()).isEqualTo(200);
		JsonNode details = this.isv.get("/v1/mappings/" + this.packageId + "/versions/draft").json();
		assertThat(details.get("usableRegions").values()).extracting(JsonNode::asString).containsExactly(SOURCE);
		assertThat(details.get("selectedRegions").values()).extracting(JsonNode::asString)
			.containsExactly("cn-shanghai");
	}

	@Test
	void latestIsTheNewestPublishedVersionUsableInTheRegion() {
		this.events.publish(published(1, "cn-shanghai"));
		this.events.publish(replicated(1, "cn-shanghai", true, 1, 10));
		this.events.publish(published(2, "cn-shanghai"));
		awaitStatus(this.isv, lookup("2", SOURCE), 200);

		assertThat(awaitStatus(this.isv, lookup("latest", "cn-shanghai"), 200).json().get("version").asString())
			.isEqualTo("1");
		assertThat(this.isv.get(lookup("latest", SOURCE)).json().get("version").asString()).isEqualTo("2");
		this.events.publish(deleted(2));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "1".equals(this.isv.get(lookup("latest", SOURCE)).json().path("version").asString()));
		assertThat(this.isv.get(lookup("2", SOURCE)).json().get("type").asString()).endsWith("/version-not-found");
	}

	@Test
	void aCallerTheVisibilityDoesNotAdmitGetsTheAnswerOfAnUnknownPackage() {
		this.events.publish(published(1, "cn-shanghai"));
		awaitStatus(this.isv, lookup("1", SOURCE), 200);
		ServiceApi stranger = ServiceApi.as(this.port, "stranger-" + System.nanoTime());

		ServiceApi.Response refused = stranger.get(lookup("1", SOURCE));
		ServiceApi.Response unknown = stranger.get("/v1/mappings/pkg-unknown0/versions/1/regions/" + SOURCE);

		assertThat(refused.status()).isEqualTo(404);
		assertThat(refused.json().get("type").asString()).endsWith("/mapping-not-found");
		assertThat(refused.body().replace(this.packageId, "ID").replaceAll("\"instance\":\"[^\"]*\"", ""))
			.isEqualTo(unknown.body().replace("pkg-unknown0", "ID").replaceAll("\"instance\":\"[^\"]*\"", ""));
		assertThat(ServiceApi.as(this.port, "ops-1", "operator").get(lookup("1", SOURCE)).status()).isEqualTo(200);
	}

	@Test
	void aVisibilityChangeIsVisibleToTheNextLookupAfterItsEvent() {
		String partner = "partner-" + System.nanoTime();
		ServiceApi partnerApi = ServiceApi.as(this.port, partner);
		this.events.publish(published(1, "cn-shanghai"));
		awaitStatus(this.isv, lookup("1", SOURCE), 200);
		assertThat(partnerApi.get(lookup("1", SOURCE)).status()).isEqualTo(404);

		this.events.publish(visibility(PackageVisibility.WHITELIST, 1, partner));
		awaitStatus(partnerApi, lookup("1", SOURCE), 200);
		this.events.publish(visibility(PackageVisibility.PRIVATE, 2));
		awaitStatus(partnerApi, lookup("1", SOURCE), 404);
		this.events.publish(visibility(PackageVisibility.PUBLIC, 1));

		assertThat(partnerApi.get(lookup("1", SOURCE)).status()).isEqualTo(404);
		assertThat(this.isv.get(lookup("1", SOURCE)).status()).isEqualTo(200);
	}

	@Test
	void aPublicPackagesDraftStaysWithItsOwner() {
		this.events.publish(saved(T0, "m-draft002"));
		this.events.publish(visibility(PackageVisibility.PUBLIC, 1));
		awaitStored(this.packageId, (mapping) -> mapping.access().revision() == 1 && mapping.draft() != null);
		ServiceApi stranger = ServiceApi.as(this.port, "stranger-" + System.nanoTime());

		assertThat(stranger.get(lookup("draft", SOURCE)).json().get("type").asString()).endsWith("/mapping-not-found");
		assertThat(awaitStatus(this.isv, lookup("draft", SOURCE), 200).json().get("imageId").asString())
			.isEqualTo("m-draft002");
	}

	@Test
	void resultsThatArriveBeforeTheirVersionApplyOnceItIsPublished() {
		this.events.publish(replicated(1, "cn-shanghai", true, 1, 10));
		CloudEventAttributes failure = this.events.publish(replicated(1, "eu-west-1", false, 2, 12));
		this.events.publish(replicated(1, "eu-west-1", false, 2, 12), failure);
		this.events.publish(visibility(PackageVisibility.PUBLIC, 3));
		awaitStored(this.packageId, (mapping) -> mapping.access().revision() == 3 && mapping.version(1) != null
				&& mapping.version(1).regions().size() == 2);

		this.events.publish(published(1, "cn-shanghai", "eu-west-1"));

		awaitStatus(this.isv, lookup("1", "cn-shanghai"), 200);
		awaitProblem(lookup("1", "eu-west-1"), "replication-failed", (json) -> true);
		ServiceApi stranger = ServiceApi.as(this.port, "stranger-" + System.nanoTime());
		assertThat(stranger.get(lookup("1", "cn-shanghai")).json().get("imageId").asString())
			.isEqualTo("m-copy-cn-shanghai-1");
	}

	@Test
	void oppositeArrivalOrdersThroughTheBrokerEndInTheSameAnswers() {
		String first = this.packageId;
		publishInOrder(first,
				List.of(published(1, "cn-shanghai", "eu-west-1"), replicated(1, "eu-west-1", false, 1, 11),
						replicated(1, "cn-shanghai", true, 1, 10), progressed(1, "cn-shanghai", 40, 1, 5),
						retry(1, 20, "eu-west-1"), progressed(1, "eu-west-1", 80, 2, 25)),
				progressed(1, "cn-shanghai", 40, 1, 5));
		String second = "pkg-" + UUID.randomUUID().toString().substring(0, 8);
		this.packageId = second;
		publishInOrder(second,
				List.of(progressed(1, "eu-west-1", 80, 2, 25), retry(1, 20, "eu-west-1"),
						progressed(1, "cn-shanghai", 40, 1, 5), replicated(1, "cn-shanghai", true, 1, 10),
						replicated(1, "eu-west-1", false, 1, 11), published(1, "cn-shanghai", "eu-west-1")));

		String secondAnswer = this.isv.get("/v1/mappings/" + second + "/versions/1").body();
		String firstAnswer = this.isv.get("/v1/mappings/" + first + "/versions/1").body();

		assertThat(secondAnswer.replace(second, "ID")).isEqualTo(firstAnswer.replace(first, "ID"));
		assertThat(this.view.find(second).versions()).isEqualTo(this.view.find(first).versions());
		assertThat(stored(second).versions()).isEqualTo(stored(first).versions());
		awaitProblem(lookup("1", "eu-west-1"), "not-yet-distributed", (json) -> json.get("percent").asInt() == 80);
	}

	/**
	 * Publishes events of one package one at a time, each after the one before was
	 * applied, so that the order holds across topics. Events expected to change nothing
	 * are not waited for.
	 */
	private void publishInOrder(String packageId, List<SpecificRecord> ordered, SpecificRecord... changingNothing) {
		for (SpecificRecord event : ordered) {
			IndexedPackage before = this.view.find(packageId);
			this.events.publish(event);
			if (!List.of(changingNothing).contains(event)) {
				awaitStored(packageId, (mapping) -> before == null || mapping.revision() > before.revision());
			}
		}
	}

	@Test
	void aDeletedPackageIsUnknownToEveryoneAndStaysSo() {
		this.events.publish(published(1, "cn-shanghai"));
		awaitStatus(this.isv, lookup("1", SOURCE), 200);

		this.events.publish(new PackageDeleted(this.packageId, this.owner, T0.plusSeconds(100)));
		awaitStatus(this.isv, lookup("1", SOURCE), 404);
		this.events.publish(replicated(1, "cn-shanghai", true, 1, 10));
		this.events.publish(removed(1, "cn-shanghai"));

		awaitDeadLetter("error.replication-events.mapping-service", replicated(1, "Not A Region", true, 1, 10));

		ServiceApi operator = ServiceApi.as(this.port, "ops-1", "operator");
		assertThat(this.view.find(this.packageId).versions()).isEmpty();
		assertThat(stored(this.packageId).versions()).isEmpty();
		assertThat(operator.get(lookup("1", "cn-shanghai")).json().get("type").asString())
			.endsWith("/mapping-not-found");
	}

	@Test
	void theOwnerSeesEveryRegionOfAVersionAndOthersDoNot() {
		this.events.publish(published(1, "cn-shanghai", "eu-west-1"));
		this.events.publish(replicated(1, "cn-shanghai", true, 1, 10));
		this.events.publish(progressed(1, "eu-west-1", 30, 1, 5));
		this.events.publish(visibility(PackageVisibility.PUBLIC, 1));
		awaitStatus(this.isv, lookup("1", "cn-shanghai"), 200);
		awaitProblem(lookup("1", "eu-west-1"), "not-yet-distributed", (json) -> json.get("percent").asInt() == 30);

		JsonNode all = this.isv.get("/v1/mappings/" + this.packageId + "/versions/1").json();

		assertThat(all.get("usableRegions").values()).extracting(JsonNode::asString)
			.containsExactly(SOURCE, "cn-shanghai");
		assertThat(all.get("regions").values()).extracting((region) -> region.get("status").asString())
			.containsExactly("PENDING", "SUCCEEDED", "REPLICATING");
		ServiceApi stranger = ServiceApi.as(this.port, "stranger-" + System.nanoTime());
		assertThat(stranger.get("/v1/mappings/" + this.packageId + "/versions/1").status()).isEqualTo(404);
		assertThat(ServiceApi.as(this.port, "ops-1", "operator")
			.get("/v1/mappings/" + this.packageId + "/versions/1")
			.status()).isEqualTo(200);
		assertThat(this.isv.get("/v1/mappings/" + this.packageId + "/versions/draft").json().get("type").asString())
			.endsWith("/version-not-found");
		assertThat(this.isv.get("/v1/mappings/" + this.packageId + "/versions/latest").status()).isEqualTo(400);
	}

	@Test
	void rebuildingFromTheStoreGivesTheSameAnswers() {
		this.events.publish(published(1, "cn-shanghai", "eu-west-1"));
		this.events.publish(replicated(1, "cn-shanghai", true, 1, 10));
		this.events.publish(replicated(1, "eu-west-1", false, 1, 11));
		awaitStatus(this.isv, lookup("1", "cn-shanghai"), 200);
		awaitProblem(lookup("1", "eu-west-1"), "replication-failed", (json) -> true);
		String before = this.isv.get("/v1/mappings/" + this.packageId + "/versions/1").body();

		MappingView rebuilt = new MappingView(this.mongo);
		rebuilt.afterPropertiesSet();
		this.view.reload();

		assertThat(rebuilt.find(this.packageId)).isEqualTo(this.view.find(this.packageId));
		assertThat(this.isv.get("/v1/mappings/" + this.packageId + "/versions/1").body()).isEqualTo(before);
		assertThat(this.isv.get(lookup("1", "cn-shanghai")).json().get("imageId").asString())
			.isEqualTo("m-copy-cn-shanghai-1");
	}

	@Test
	void changesRacingOnOnePackageFromSeveralInstancesAreAllKept() throws Exception {
		raceThreeInstances((instance, number) -> {
			ReplicaResult result = new ReplicaResult(true, "m-copy" + number, null, null, 1, T0);
			instance.apply(this.packageId, "race-" + number, "RegionReplicated",
					(mapping) -> mapping.recordResult(number, "cn-shanghai", result));
		});

		PackageMapping stored = this.mongo.findById(this.packageId, PackageMapping.class);
		assertThat(stored.versions()).hasSize(30);
		assertThat(stored.revision()).isEqualTo(30);
		assertThat(this.view.find(this.packageId)).isEqualTo(IndexedPackage.of(stored, new RegionSets()));
	}

	@Test
	void batchesRacingOnSeveralPackagesFromSeveralInstancesAreAllKept() throws Exception {
		// New packages: the first writes race as inserts, the later as replacements.
		List<String> packages = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			packages.add(this.packageId + "-" + i);
		}
		raceThreeInstances((instance, number) -> {
			List<MappingUpdates.Change> batch = new ArrayList<>();
			for (String each : packages) {
				ReplicaResult result = new ReplicaResult(true, "m-copy" + number, null, null, 1, T0);
				batch.add(new MappingUpdates.Change(batch.size(), each, "race-" + each + "-" + number,
						(mapping) -> mapping.recordResult(number, "cn-shanghai", result)));
			}
			assertThat(instance.applyAll(batch)).isEmpty();
		});

		for (String each : packages) {
			PackageMapping stored = this.mongo.findById(each, PackageMapping.class);
			assertThat(stored.versions()).hasSize(30);
			assertThat(stored.revision()).isEqualTo(30);
			assertThat(this.view.find(each)).isEqualTo(IndexedPackage.of(stored, new RegionSets()));
		}
	}

	/**
	 * Runs versions 1 to 30 through three updaters on three threads, ten each, as if in
	 * separate instances: only the conditional writes keep them apart.
	 */
	private void raceThreeInstances(BiConsumer<MappingUpdates, Integer> change) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(3);
		List<Future<?>> done = new ArrayList<>();
		for (int thread = 0; thread < 3; thread++) {
			int first = thread * 10 + 1;
			MappingUpdates instance = (thread == 0) ? this.updates : new MappingUpdates(this.mongo, this.view);
			done.add(threads.submit(() -> {
				for (int number = first; number < first + 10; number++) {
					change.accept(instance, number);
				}
			}));
		}
		for (Future<?> each : done) {
			each.get(60, TimeUnit.SECONDS);
		}
		threads.shutdown();
	}

	@Test
	void aBatchWithAnEventThatFailsKeepsTheOtherPackagesAndThatPackagesEarlierEvents() {
		String other = this.packageId + "-other";
		ReplicaResult result = new ReplicaResult(true, "m-copy1", null, null, 1, T0);
		List<MappingUpdates.Change> batch = List.of(
				new MappingUpdates.Change(0, this.packageId, "first",
						(mapping) -> mapping.recordResult(1, "cn-shanghai", result)),
				new MappingUpdates.Change(1, other, "applied",
						(mapping) -> mapping.recordResult(1, "cn-beijing", result)),
				new MappingUpdates.Change(2, this.packageId, "refused", (mapping) -> {
					throw new IllegalArgumentException("refused");
				}), new MappingUpdates.Change(3, this.packageId, "after",
						(mapping) -> mapping.recordResult(2, "cn-shanghai", result)));

		Optional<MappingUpdates.FailedChange> failed = this.updates.applyAll(batch);

		assertThat(failed).hasValueSatisfying((change) -> {
			assertThat(change.change().index()).isEqualTo(2);
			assertThat(change.inStore()).isFalse();
		});
		assertThat(this.mongo.findById(this.packageId, PackageMapping.class).versions()).hasSize(1);
		assertThat(this.mongo.findById(other, PackageMapping.class).versions()).hasSize(1);
	}

	@Test
	void aBatchThatLeavesThisInstancesCopyAsItIsIsCheckedAgainstTheStoredPackage() {
		MappingUpdates other = new MappingUpdates(this.mongo, this.view);
		ReplicaResult first = new ReplicaResult(true, "m-copy1", null, null, 1, T0);
		ReplicaResult second = new ReplicaResult(true, "m-copy2", null, null, 1, T0);
		ReplicaResult third = new ReplicaResult(true, "m-copy3", null, null, 1, T0);
		this.updates.applyAll(List.of(new MappingUpdates.Change(0, this.packageId, "kept-1",
				(mapping) -> mapping.recordResult(1, "cn-shanghai", first))));
		other.applyAll(List.of(new MappingUpdates.Change(0, this.packageId, "other-1",
				(mapping) -> mapping.recordResult(2, "cn-shanghai", second))));

		// Only a package that has version 2, which this instance's copy lacks, changes.
		this.updates.applyAll(List
			.of(new MappingUpdates.Change(0, this.packageId, "kept-2", (mapping) -> (mapping.versions().size() < 2)
					? mapping : mapping.recordResult(3, "cn-shanghai", third))));

		PackageMapping stored = this.mongo.findById(this.packageId, PackageMapping.class);
		assertThat(stored.versions()).hasSize(3);
		assertThat(stored.revision()).isEqualTo(3);
	}

	@Test
	void aChangeThatLeavesThisInstancesCopyAsItIsIsCheckedAgainstTheStoredPackage() {
		MappingUpdates other = new MappingUpdates(this.mongo, this.view);
		ReplicaResult first = new ReplicaResult(true, "m-copy1", null, null, 1, T0);
		ReplicaResult second = new ReplicaResult(true, "m-copy2", null, null, 1, T0);
		this.updates.apply(this.packageId, "kept-1", "RegionReplicated",
				(mapping) -> mapping.recordResult(1, "cn-shanghai", first));
		other.apply(this.packageId, "other-1", "RegionReplicated",
				(mapping) -> mapping.recordResult(2, "cn-shanghai", second));

		// A change only of a package that has version 2, which this instance's copy
		// lacks.
		ReplicaResult third = new ReplicaResult(true, "m-copy3", null, null, 1, T0);
		this.updates.apply(this.packageId, "kept-2", "RegionReplicated",
				(mapping) -> (mapping.versions().size() < 2) ? mapping : mapping.recordResult(3, "cn-shanghai", third));

		PackageMapping stored = this.mongo.findById(this.packageId, PackageMapping.class);
		assertThat(stored.versions()).hasSize(3);
		assertThat(stored.revision()).isEqualTo(3);
	}

	@Test
	void anEventThatCannotDescribeAMappingIsDeadLetteredWithTheReason() {
		this.events.publish(replicated(1, "Not A Region", true, 1, 10));

		try (EventTestClient.TopicReader deadLetters = this.events.read("error.replication-events.mapping-service")) {
			ConsumerRecord<String, SpecificRecord> record = deadLetters
				.awaitRecords(1, (candidate) -> this.packageId.equals(candidate.key()))
				.get(0);
			Header reason = record.headers().lastHeader("dead-letter-reason");
			assertThat(new String(reason.value(), StandardCharsets.UTF_8)).contains("Not a region ID: 'Not A Region'");
		}
		assertThat(this.view.find(this.packageId)).isNull();
	}

	@Test
	void aVisibilityNamingAnInvalidServiceIsDeadLetteredAsPackageServiceDoes() {
		this.events.publish(published(1, "cn-shanghai"));
		awaitStatus(this.isv, lookup("1", SOURCE), 200);
		PackageVisibilityChanged invalid = PackageVisibilityChanged.newBuilder(visibility(PackageVisibility.PUBLIC, 5))
			.setContributingServiceIds(List.of("bad svc!"))
			.build();

		try (EventTestClient.TopicReader deadLetters = this.events.read("error.permission-events.mapping-service")) {
			this.events.publish(invalid);

			ConsumerRecord<String, SpecificRecord> record = deadLetters
				.awaitRecords(1, (candidate) -> this.packageId.equals(candidate.key()))
				.get(0);
			Header reason = record.headers().lastHeader("dead-letter-reason");
			assertThat(new String(reason.value(), StandardCharsets.UTF_8))
				.contains("contributingServiceIds is not a valid ID: 'bad svc!'");
		}
		PackageVisibilityChanged withColon = PackageVisibilityChanged
			.newBuilder(visibility(PackageVisibility.PUBLIC, 6))
			.setContributingServiceIds(List.of("acs:svc-1"))
			.build();
		this.events.publish(withColon);
		awaitStatus(ServiceApi.as(this.port, "customer-colon"), lookup("1", SOURCE), 200);
	}

	@Test
	void aVersionPublishedWithoutRegionsIsDeadLetteredAndNotApplied() {
		try (EventTestClient.TopicReader deadLetters = this.events.read("error.package-events.mapping-service")) {
			this.events.publish(published(1));

			ConsumerRecord<String, SpecificRecord> record = deadLetters
				.awaitRecords(1, (candidate) -> this.packageId.equals(candidate.key()))
				.get(0);
			Header reason = record.headers().lastHeader("dead-letter-reason");
			assertThat(new String(reason.value(), StandardCharsets.UTF_8)).contains("1 to 100 regions, not 0");
		}
		assertThat(this.view.find(this.packageId)).isNull();
	}

	@Test
	void aReplicationEventWhoseTypeHeaderNamesAnotherTypeIsDeadLetteredAndNotApplied() {
		this.events.publish(published(1, "cn-shanghai"));
		awaitStatus(this.isv, lookup("1", SOURCE), 200);

		try (EventTestClient.TopicReader deadLetters = this.events.read("error.replication-events.mapping-service")) {
			this.events.publishTypedAs(replicated(1, "cn-shanghai", true, 1, 10), RegionImageRemoved.class.getName());

			ConsumerRecord<String, SpecificRecord> record = deadLetters
				.awaitRecords(1, (candidate) -> this.packageId.equals(candidate.key()))
				.get(0);
			Header reason = record.headers().lastHeader("dead-letter-reason");
			assertThat(new String(reason.value(), StandardCharsets.UTF_8))
				.contains("ce_type, 'dev.imagepack.events.RegionImageRemoved', is not the type of the event");
		}
		assertThat(this.isv.get(lookup("1", "cn-shanghai")).status()).isNotEqualTo(200);
		this.events.publish(replicated(1, "cn-shanghai", true, 1, 11));
		awaitStatus(this.isv, lookup("1", "cn-shanghai"), 200);
	}

	@Test
	void aRefusedReplicationEventIsDeadLetteredAloneAndTheEventsAroundItAreApplied() {
		this.events.publish(published(1, "cn-shanghai", "eu-west-1"));
		awaitStatus(this.isv, lookup("1", SOURCE), 200);

		try (EventTestClient.TopicReader deadLetters = this.events.read("error.replication-events.mapping-service")) {
			this.events.publish(replicated(1, "cn-shanghai", true, 1, 10));
			this.events.publish(replicated(1, "Not A Region", true, 1, 11));
			this.events.publish(replicated(1, "eu-west-1", true, 1, 12));

			awaitStatus(this.isv, lookup("1", "cn-shanghai"), 200);
			awaitStatus(this.isv, lookup("1", "eu-west-1"), 200);
			List<ConsumerRecord<String, SpecificRecord>> refused = deadLetters.awaitRecords(1,
					(candidate) -> this.packageId.equals(candidate.key()));
			assertThat(refused).hasSize(1);
			assertThat(((RegionReplicated) refused.get(0).value()).getRegion()).isEqualTo("Not A Region");
		}
	}

	@Test
	void anUndecodableReplicationRecordIsDeadLetteredAsItCameAndTheNextEventIsApplied() throws Exception {
		this.events.publish(published(1, "cn-shanghai"));
		awaitStatus(this.isv, lookup("1", SOURCE), 200);
		byte[] poison = "not an event".getBytes(StandardCharsets.UTF_8);

		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.brokers), new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>("replication-events", this.packageId, poison)).get();
		}
		this.events.publish(replicated(1, "cn-shanghai", true, 1, 10));

		awaitStatus(this.isv, lookup("1", "cn-shanghai"), 200);
		ConsumerRecord<String, byte[]> deadLetter = awaitRawDeadLetter("error.replication-events.mapping-service");
		assertThat(deadLetter.value()).isEqualTo(poison);
		assertThat(reasonOf(deadLetter)).contains("does not start with the marker C3 01");
	}

	@ParameterizedTest
	@ValueSource(strings = { "package-events", "permission-events", "replication-events" })
	void aRecordWithoutValueIsDeadLetteredWithTheReason(String topic) throws Exception {
		SpecificRecord event = published(1, "cn-shanghai");
		Headers headers = CloudEventAttributes.newEvent(event, "/tests", this.packageId, Clock.systemUTC())
			.toRecord(event)
			.headers();

		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.brokers), new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(topic, null, this.packageId, null, headers)).get();
		}

		ConsumerRecord<String, byte[]> deadLetter = awaitRawDeadLetter("error." + topic + ".mapping-service");
		assertThat(deadLetter.value()).isNull();
		assertThat(reasonOf(deadLetter)).contains("has no value");
	}

	/**
	 * Reads a dead-letter topic as raw bytes until a record of this test's package
	 * arrives.
	 */
	private ConsumerRecord<String, byte[]> awaitRawDeadLetter(String topic) {
		try (KafkaConsumer<String, byte[]> deadLetters = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.brokers, ConsumerConfig.GROUP_ID_CONFIG,
						"test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			deadLetters.subscribe(List.of(topic));
			List<ConsumerRecord<String, byte[]>> mine = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				deadLetters.poll(Duration.ofMillis(100)).forEach((record) -> {
					if (this.packageId.equals(record.key())) {
						mine.add(record);
					}
				});
				return !mine.isEmpty();
			});
			return mine.get(0);
		}
	}

	private static String reasonOf(ConsumerRecord<String, byte[]> deadLetter) {
		return new String(deadLetter.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
	}

	@Test
	void malformedPathsAreRefusedWithEveryViolation() {
		ServiceApi.Response answer = this.isv.get("/v1/mappings/pkg%20x/versions/0/regions/NOWHERE");

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().get("errors").values()).extracting((error) -> error.get("field").asString())
			.containsExactlyInAnyOrder("packageId", "version", "region");
		assertThat(ServiceApi.anonymous(this.port).get(lookup("1", SOURCE)).status()).isEqualTo(401);
	}

	/**
	 * Publishes an event that is refused and waits for its dead letter: everything
	 * published before it with the same key on the same topic was consumed by then.
	 */
	private void awaitDeadLetter(String topic, SpecificRecord refused) {
		try (EventTestClient.TopicReader deadLetters = this.events.read(topic)) {
			this.events.publish(refused);
			deadLetters.awaitRecords(1, (candidate) -> this.packageId.equals(candidate.key()));
		}
	}

	/**
	 * Waits until the stored value of a package matches and the view holds that value or
	 * a later one.
	 */
	private void awaitStored(String packageId, Predicate<PackageMapping> match) {
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			PackageMapping stored = this.mongo.findById(packageId, PackageMapping.class);
			IndexedPackage found = this.view.find(packageId);
			return stored != null && match.test(stored) && found != null && found.revision() >= stored.revision();
		});
	}

	private PackageMapping stored(String packageId) {
		return this.mongo.findById(packageId, PackageMapping.class);
	}

	private String lookup(String version, String region) {
		return "/v1/mappings/" + this.packageId + "/versions/" + version + "/regions/" + region;
	}

	private ServiceApi.Response awaitStatus(ServiceApi api, String path, int status) {
		await().atMost(Duration.ofSeconds(30)).until(() -> api.get(path).status() == status);
		return api.get(path);
	}

	private ServiceApi.Response awaitProblem(String path, String type, Predicate<JsonNode> match) {
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			JsonNode json = this.isv.get(path).json();
			return json.path("type").asString("").endsWith("/" + type) && match.test(json);
		});
		return this.isv.get(path);
	}

	private VersionSaved saved(Instant at, String imageId) {
		return MappingEvents.saved(this.packageId, this.owner, at, imageId);
	}

	private VersionPublished published(int number, String... regions) {
		return MappingEvents.published(this.packageId, this.owner, number, regions);
	}

	private RegionReplicated replicated(int number, String region, boolean succeeded, int attempts, int seconds) {
		return RegionReplicated.newBuilder()
			.setPackageId(this.packageId)
			.setVersionNumber(number)
			.setRegion(region)
			.setSucceeded(succeeded)
			.setRegionalImageId(succeeded ? "m-copy-" + region + "-" + number : null)
			.setFailureCode(succeeded ? null : "QUOTA_EXCEEDED")
			.setFailureReason(succeeded ? null : "The region's image quota is used up")
			.setAttempts(attempts)
			.setStartedAt(T0)
			.setFinishedAt(T0.plusSeconds(seconds))
			.build();
	}

	private RegionReplicationProgressed progressed(int number, String region, int percent, int attempt, int seconds) {
		return RegionReplicationProgressed.newBuilder()
			.setPackageId(this.packageId)
			.setVersionNumber(number)
			.setRegion(region)
			.setPercent(percent)
			.setAttempt(attempt)
			.setReportedAt(T0.plusSeconds(seconds))
			.build();
	}

	private VersionRetryRequested retry(int number, int seconds, String... regions) {
		return new VersionRetryRequested(this.packageId, number, List.of(regions), T0.plusSeconds(seconds));
	}

	private VersionDeleted deleted(int number) {
		return new VersionDeleted(this.packageId, this.owner, number, T0.plusSeconds(50));
	}

	private RegionImageRemoved removed(int number, String region) {
		return new RegionImageRemoved(this.packageId, number, region, null, T0.plusSeconds(60));
	}

	private PackageVisibilityChanged visibility(PackageVisibility level, long revision, String... allowed) {
		return PackageVisibilityChanged.newBuilder()
			.setPackageId(this.packageId)
			.setOwnerAccountId(this.owner)
			.setVisibility(level)
			.setAllowedAccountIds(List.of(allowed))
			.setRevision(revision)
			.setChangedAt(T0.plusSeconds(revision))
			.build();
	}

}
