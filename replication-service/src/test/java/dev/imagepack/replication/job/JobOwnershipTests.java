package dev.imagepack.replication.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import dev.imagepack.events.RegionReplicated;
import dev.imagepack.events.RegionReplicationProgressed;
import dev.imagepack.local.KafkaBroker;
import dev.imagepack.replication.ReplicationServiceApplication;
import dev.imagepack.replication.cloud.simulator.SimulatedCloud;
import dev.imagepack.testsupport.FreePorts;
import dev.imagepack.testsupport.EventTestClient;
import dev.imagepack.testsupport.ServiceApi;

import static dev.imagepack.replication.job.ReplicationEvents.customPublished;
import static dev.imagepack.replication.job.ReplicationEvents.newPackageId;
import static dev.imagepack.replication.job.ReplicationEvents.newSourceImageId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whole service instances started and stopped by the test, sharing one store and one
 * broker, as several instances and restarts do in production.
 */
class JobOwnershipTests {

	private static final String BROKERS_PROPERTY = "spring.cloud.stream.kafka.binder.brokers";

	private static MongoServer mongo;

	private static Path kafkaData;

	private static KafkaBroker kafka;

	private static int[] kafkaPorts;

	private static @Nullable String embeddedBrokers;

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private EventTestClient events;

	private EventTestClient.TopicReader replicationEvents;

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
		kafkaData = Files.createTempDirectory("ownership-kafka");
		kafkaPorts = FreePorts.two();
		kafka = KafkaBroker.start(kafkaData, kafkaPorts[0], kafkaPorts[1]);
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

	@BeforeEach
	void setUp() {
		this.events = new EventTestClient(kafka.bootstrapServers());
		this.replicationEvents = this.events.read("replication-events");
	}

	@AfterEach
	void tearDown() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		this.replicationEvents.close();
		this.events.close();
	}

	@Test
	void aCopyInFlightWhenTheServiceStopsIsPolledByTheNextOneAndNeverStartedTwice() {
		ConfigurableApplicationContext first = start("first", 16);
		String packageId = newPackageId();
		String source = newSourceImageId();
		// About 8.6 s per copy at the test's time scale.
		publishAndAwaitCopies(first, packageId, source, 500, "cn-shanghai", "ap-southeast-1", "eu-central-1");

		first.close();
		ConfigurableApplicationContext second = start("second", 16);

		awaitEachCopiedOnceInOneAttempt(second, packageId, source, 4);
		// Started by the first instance, finished by the second.
		assertThat(instancesThatRan(second, packageId)).containsExactly("first");
	}

	@Test
	void jobsOfAnInstanceThatDiedPassToAnotherWhenTheirLeasesRunOut() {
		InFlight left = crashWithCopiesInFlight(Duration.ofSeconds(2));
		String packageId = left.packageId();
		String source = left.sourceImageId();

		ConfigurableApplicationContext second = start("second", 16);

		List<RegionReplicated> results = this.replicationEvents.awaitEvents(RegionReplicated.class, 2,
				(event) -> event.getPackageId().equals(packageId));
		assertThat(results).allSatisfy((result) -> assertThat(result.getSucceeded()).isTrue());
		assertThat(second.getBean(SimulatedCloud.class).copiesStarted(source).values()).containsOnly(1L);
		awaitReleased(second, packageId);
	}

	@Test
	void anInstanceRestartedUnderTheSameNameTakesUpTheCopiesItsEarlierRunLeftLeased() {
		ConfigurableApplicationContext first = start("first", 16);
		String packageId = newPackageId();
		String source = newSourceImageId();
		// About 8.6 s per copy; stored already claimed, leased from their first write.
		publishAndAwaitCopies(first, packageId, source, 500, "cn-shanghai");
		first.close();
		// Left as a run killed with its leases long to run: nothing works on them but an
		// instance of that name.
		crash(packageId, "first", Instant.now().plus(Duration.ofMinutes(10)));

		ConfigurableApplicationContext again = start("first", 16);

		awaitEachCopiedOnceInOneAttempt(again, packageId, source, 2);
	}

	@Test
	void aStopWaitsForJobsTakenAsTheyWereQueuedToBeStoredAndThenHandsThemOver() throws InterruptedException {
		ConfigurableApplicationContext first = start("first", 16);
		JobWorker worker = first.getBean(JobWorker.class);
		SourceImage source = new SourceImage(SourceImage.Kind.CUSTOM, "cn-hangzhou", newSourceImageId(), null, 20);
		ReplicationJob job = ReplicationJob.queue(newPackageId(), "1234567890", 1, "cn-shanghai", source,
				Instant.now());
		await().until(() -> worker.adopt(job));
		assertThat(job.getLeaseOwner()).isEqualTo("first");

		Thread stopping = new Thread(worker::stop);
		stopping.start();
		stopping.join(500);
		assertThat(stopping.isAlive()).as("stopped while the job's first write was under way").isTrue();
		MongoTemplate store = first.getBean(MongoTemplate.class);
		store.insert(job);
		worker.adopted(job.getId(), job);
		stopping.join(5000);

		assertThat(stopping.isAlive()).isFalse();
		ReplicationJob stored = store.findById(job.getId(), ReplicationJob.class);
		assertThat(stored.getLeaseOwner()).as("handed over, not left to run out").isNull();
		assertThat(stored.getStatus()).isEqualTo(JobStatus.COPYING);
	}

	@Test
	void copiesAnInstanceLeftWhenItDiedAreTakenOverBeforeABacklogOfQueuedJobs() {
		// Leased until the next instance has started and filled its two slots with a
		// backlog of its own: seven jobs of about 8.6 s each, recorded before the lease
		// runs out.
		InFlight orphaned = crashWithCopiesInFlight(Duration.ofSeconds(6));
		String orphanedPackage = orphaned.packageId();
		String backlogPackage = newPackageId();
		String backlogSource = newSourceImageId();
		this.events.publish(customPublished(backlogPackage, backlogSource, 500,
				List.of("ap-southeast-1", "eu-central-1", "us-west-1", "us-east-1", "ap-northeast-1", "eu-west-1")));
		ConfigurableApplicationContext second = start("second", 2);

		this.replicationEvents.awaitEvents(RegionReplicated.class, 2,
				(event) -> event.getPackageId().equals(orphanedPackage));
		MongoTemplate store = second.getBean(MongoTemplate.class);
		assertThat(store.count(
				Query.query(Criteria.where("packageId").is(backlogPackage).and("status").is(JobStatus.QUEUED)),
				ReplicationJob.class))
			.as("backlog jobs still queued when the orphaned copies were reported")
			.isPositive();
		assertThat(second.getBean(SimulatedCloud.class).copiesStarted(orphaned.sourceImageId()).values())
			.containsOnly(1L);
	}

	@Test
	void twoInstancesShareTheJobsAndNoRegionIsReplicatedTwice() {
		ConfigurableApplicationContext first = start("first", 2);
		start("second", 2);
		String packageId = newPackageId();
		String source = newSourceImageId();
		List<String> regions = List.of("cn-shanghai", "cn-beijing", "cn-shenzhen", "ap-southeast-1", "us-west-1",
				"eu-central-1");

		// About 1.8 s per copy; two at a time per instance.
		this.events.publish(customPublished(packageId, source, 100, regions));

		List<RegionReplicated> results = this.replicationEvents.awaitEvents(RegionReplicated.class, 7,
				(event) -> event.getPackageId().equals(packageId));
		assertThat(results).extracting(RegionReplicated::getRegion).doesNotHaveDuplicates();
		assertThat(results).allSatisfy((result) -> assertThat(result.getSucceeded()).isTrue());
		assertThat(first.getBean(SimulatedCloud.class).copiesStarted(source)).hasSize(7);
		assertThat(first.getBean(SimulatedCloud.class).copiesStarted(source).values()).containsOnly(1L);
		assertThat(instancesThatRan(first, packageId)).containsExactly("first", "second");
		List<RegionReplicationProgressed> progress = this.replicationEvents
			.awaitEvents(RegionReplicationProgressed.class, 7, (event) -> event.getPackageId().equals(packageId));
		assertThat(progress).extracting(RegionReplicationProgressed::getAttempt).containsOnly(1);
	}

	@Test
	void eventsKafkaRefusesAreStoredWithTheirJobAndSentOnceKafkaIsBack() {
		ConfigurableApplicationContext instance = start("first", 16);
		String packageId = newPackageId();
		String source = newSourceImageId();
		// About 4.3 s per copy: the broker is gone before either ends.
		publishAndAwaitCopies(instance, packageId, source, 250, "cn-shanghai");

		kafka.close();
		try {
			MongoTemplate store = instance.getBean(MongoTemplate.class);
			Query jobsOfPackage = Query.query(Criteria.where("packageId").is(packageId));
			// Kafka refuses an event after its delivery timeout (15 s).
			await().atMost(Duration.ofSeconds(60))
				.until(() -> store.find(jobsOfPackage, ReplicationJob.class)
					.stream()
					.anyMatch((job) -> !job.getPendingEvents().isEmpty()));
		}
		finally {
			kafka = KafkaBroker.start(kafkaData, kafkaPorts[0], kafkaPorts[1]);
		}

		List<RegionReplicated> results = this.replicationEvents.awaitEvents(RegionReplicated.class, 2,
				(event) -> event.getPackageId().equals(packageId));
		assertThat(results).allSatisfy((result) -> assertThat(result.getSucceeded()).isTrue());
		assertThat(results).extracting(RegionReplicated::getRegion)
			.containsExactlyInAnyOrder("cn-hangzhou", "cn-shanghai");
		awaitReleased(instance, packageId);
	}

	@Test
	void jobsStoredWithoutADueTimeAreFoundBySearchesAndSettledJobsKeepNone() {
		// Queued as a version that keeps no due times stores them: no instance knows of
		// them, so only a search finds them; first when the instance starts, then while
		// it
		// runs (every 20 leases, 20 s here).
		String before = newPackageId();
		storeWithoutDueTime(before);
		ConfigurableApplicationContext instance = start("first", 16);
		List<RegionReplicated> results = this.replicationEvents.awaitEvents(RegionReplicated.class, 2,
				(event) -> event.getPackageId().equals(before));
		assertThat(results).allSatisfy((result) -> assertThat(result.getSucceeded()).isTrue());
		String during = newPackageId();
		storeWithoutDueTime(during);

		MongoTemplate store = instance.getBean(MongoTemplate.class);
		await().atMost(Duration.ofSeconds(90))
			.until(() -> store.find(Query.query(Criteria.where("packageId").is(during)), ReplicationJob.class)
				.stream()
				.allMatch((job) -> job.getStatus() == JobStatus.SUCCEEDED));
		awaitReleased(instance, before);
		awaitReleased(instance, during);
		assertThat(store.find(Query.query(Criteria.where("packageId").in(before, during)), Document.class,
				ReplicationJob.COLLECTION))
			.hasSize(4)
			.allSatisfy((job) -> assertThat(job.get("dueAt")).isNull());
	}

	private static void storeWithoutDueTime(String packageId) {
		try (MongoClient client = MongoClients.create(mongoUri())) {
			MongoTemplate store = new MongoTemplate(client, "replication-service");
			for (String region : List.of("cn-hangzhou", "eu-central-1")) {
				store.insert(ReplicationJob.queue(packageId, "1234567890123456", 1, region,
						new SourceImage(SourceImage.Kind.CUSTOM, "cn-hangzhou", newSourceImageId(), null, 20),
						Instant.now()));
			}
			store.updateMulti(Query.query(Criteria.where("packageId").is(packageId)), new Update().unset("dueAt"),
					ReplicationJob.COLLECTION);
		}
	}

	/**
	 * Publishes a version of a custom image and waits until the copies into its regions
	 * and its source region have started.
	 */
	private void publishAndAwaitCopies(ConfigurableApplicationContext instance, String packageId, String source,
			int sizeGib, String... regions) {
		this.events.publish(customPublished(packageId, source, sizeGib, List.of(regions)));
		SimulatedCloud cloud = instance.getBean(SimulatedCloud.class);
		await().until(() -> cloud.copiesStarted(source).size() == regions.length + 1);
	}

	/**
	 * Starts an instance, publishes a version of a 500 GiB image into cn-shanghai, and
	 * leaves its two copies in flight as an instance that crashed leaves them.
	 * @param leaseLeft how long their leases still run
	 */
	private InFlight crashWithCopiesInFlight(Duration leaseLeft) {
		ConfigurableApplicationContext first = start("first", 16);
		InFlight left = new InFlight(newPackageId(), newSourceImageId());
		publishAndAwaitCopies(first, left.packageId(), left.sourceImageId(), 500, "cn-shanghai");
		first.close();
		crash(left.packageId(), Instant.now().plus(leaseLeft));
		return left;
	}

	private record InFlight(String packageId, String sourceImageId) {
	}

	/**
	 * Leaves the package's jobs as a crashed instance does: still leased, until the given
	 * time, and nobody renewing.
	 */
	private static void crash(String packageId, Instant leaseUntil) {
		crash(packageId, "crashed", leaseUntil);
	}

	private static void crash(String packageId, String owner, Instant leaseUntil) {
		try (MongoClient client = MongoClients.create(mongoUri())) {
			new MongoTemplate(client, "replication-service").updateMulti(
					Query.query(Criteria.where("packageId").is(packageId)),
					new Update().set("leaseOwner", owner).set("leaseUntil", leaseUntil), ReplicationJob.COLLECTION);
		}
	}

	private ConfigurableApplicationContext start(String instanceId, int maxActiveJobs) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ReplicationServiceApplication.class).run(
				"--server.port=0", "--spring.mongodb.uri=" + mongoUri(),
				// On the command line, so that no broker address an earlier test left in
				// the system properties wins.
				"--spring.cloud.stream.kafka.binder.brokers=" + kafka.bootstrapServers(),
				"--imagepack.replication.instance-id=" + instanceId,
				"--imagepack.replication.max-active-jobs=" + maxActiveJobs,
				"--imagepack.cloud.simulator.time-scale=600", "--imagepack.replication.tick=50ms",
				"--imagepack.replication.poll-interval=100ms", "--imagepack.replication.lease-duration=1s");
		this.instances.add(context);
		return context;
	}

	private static String mongoUri() {
		return "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/replication-service";
	}

	/** The instances that started attempts of the package's jobs. */
	private static Set<String> instancesThatRan(ConfigurableApplicationContext context, String packageId) {
		Set<String> instances = new TreeSet<>();
		for (JsonNode job : jobs(context, packageId)) {
			job.get("history").forEach((attempt) -> instances.add(attempt.get("instanceId").asString()));
		}
		return instances;
	}

	/**
	 * Waits until every region of the package reported success in its first attempt, each
	 * copied once, and no instance holds any of its jobs.
	 */
	private void awaitEachCopiedOnceInOneAttempt(ConfigurableApplicationContext context, String packageId,
			String source, int regions) {
		List<RegionReplicated> results = this.replicationEvents.awaitEvents(RegionReplicated.class, regions,
				(event) -> event.getPackageId().equals(packageId));
		assertThat(results).allSatisfy((result) -> {
			assertThat(result.getSucceeded()).isTrue();
			assertThat(result.getAttempts()).isEqualTo(1);
		});
		assertThat(context.getBean(SimulatedCloud.class).copiesStarted(source).values()).containsOnly(1L);
		awaitReleased(context, packageId);
	}

	/** Waits until no instance holds any of the package's jobs, as once they settled. */
	private static void awaitReleased(ConfigurableApplicationContext context, String packageId) {
		MongoTemplate store = context.getBean(MongoTemplate.class);
		await().until(() -> store.find(Query.query(Criteria.where("packageId").is(packageId)), ReplicationJob.class)
			.stream()
			.allMatch((job) -> job.getLeaseOwner() == null && job.getPendingEvents().isEmpty()));
	}

	private static List<JsonNode> jobs(ConfigurableApplicationContext context, String packageId) {
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		List<JsonNode> jobs = new ArrayList<>();
		ServiceApi.as(port, "ops-1", "operator")
			.get("/v1/replication-jobs?packageId=" + packageId)
			.json()
			.get("jobs")
			.forEach(jobs::add);
		return jobs;
	}

}
