package dev.imagepack.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the platform the way a developer does, as its own JVM, and checks that Kafka
 * topics, committed offsets and store documents survive a clean stop and a kill -9.
 */
class LocalPlatformProcessTests {

	private static final String TOPIC = "package-events";

	private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

	private static final String GROUP = "replication-service";

	private static final String STORE = "package-service";

	private static final String COLLECTION = "packages";

	@TempDir
	Path temp;

	private final List<PlatformProcess> processes = new ArrayList<>();

	private int basePort;

	private Path dataDirectory;

	@BeforeEach
	void pickPortsAndFolder() {
		this.basePort = FreePorts.consecutive(6);
		this.dataDirectory = this.temp.resolve("run");
	}

	@AfterEach
	void killEveryProcess() {
		this.processes.forEach(PlatformProcess::close);
	}

	@Test
	void topicsOffsetsAndDocumentsSurviveAStopAndAKill() throws Exception {
		PlatformProcess first = start();
		Duration firstStartup = first.awaitReady();
		assertThat(first.output()).anySatisfy((line) -> assertThat(line).contains("kafka").endsWith(bootstrapServers()))
			.anySatisfy((line) -> assertThat(line).contains("mongo " + STORE).endsWith(mongoUri()))
			.anySatisfy((line) -> assertThat(line).contains("run folder").endsWith(this.dataDirectory.toString()));
		createTopic();
		produce(0, 10);
		assertThat(consumeAndCommit(4)).containsExactly("event-0", "event-1", "event-2", "event-3");
		insertDocuments(0, 3);

		assertThat(first.stop()).as("exit code after SIGTERM").isEqualTo(143);
		assertThat(first.output()).contains("local-platform stopping")
			.anySatisfy((line) -> assertThat(line).startsWith("local-platform stopped cleanly"))
			.noneSatisfy((line) -> assertThat(line).contains("Exception"));

		PlatformProcess second = start();
		Duration secondStartup = second.awaitReady();
		assertThat(records()).containsExactlyElementsOf(events(0, 10));
		assertThat(committedOffset()).isEqualTo(4);
		assertThat(documentNames()).containsExactlyElementsOf(names(0, 3));
		assertThat(consumeAndCommit(4)).containsExactly("event-4", "event-5", "event-6", "event-7");
		produce(10, 15);
		insertConcurrently(3, 40);
		// Killed at once: an acknowledged write is in the H2 file already, also when
		// writes on several connections shared one commit.
		assertThat(second.kill()).as("exit code after SIGKILL").isEqualTo(137);

		PlatformProcess third = start();
		Duration thirdStartup = third.awaitReady();
		assertThat(records()).containsExactlyElementsOf(events(0, 15));
		assertThat(committedOffset()).isEqualTo(8);
		assertThat(documentNames()).containsExactlyElementsOf(names(0, 40));
		assertThat(List.of(firstStartup, secondStartup, thirdStartup))
			.allSatisfy((time) -> assertThat(time).isPositive());
		System.out.printf("Startup to ready: fresh %d ms, after SIGTERM %d ms, after kill -9 %d ms%n",
				firstStartup.toMillis(), secondStartup.toMillis(), thirdStartup.toMillis());
	}

	@Test
	void invalidInputPrintsOneLineAndTheUsageAndExitsWithTwo() {
		PlatformProcess process = start("--kafka-port", "90x2");
		assertThat(process.awaitExit()).isEqualTo(2);
		assertThat(process.output()).first()
			.isEqualTo("local-platform: --kafka-port must be a port number between 1 and 65535, got '90x2'");
		assertThat(process.output()).contains(LocalPlatformSettings.USAGE.lines().findFirst().orElseThrow())
			.noneSatisfy((line) -> assertThat(line).containsAnyOf("Exception", "\tat "));
	}

	@Test
	void aTakenPortFailsTheStartNamingThePortAndTheOptionThatChangesIt() throws IOException {
		try (ServerSocket taken = new ServerSocket()) {
			taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), this.basePort));
			PlatformProcess process = start();
			assertThat(process.awaitExit()).isEqualTo(1);
			assertThat(process.output()).containsExactly("local-platform: port " + this.basePort
					+ " on 127.0.0.1 is already in use (kafka); stop whatever holds it or choose another port with --kafka-port");
		}
		assertThat(this.dataDirectory).doesNotExist();
	}

	private PlatformProcess start(String... extraArgs) {
		List<String> arguments = new ArrayList<>(List.of("--data-dir", this.dataDirectory.toString(), "--kafka-port",
				String.valueOf(this.basePort), "--controller-port", String.valueOf(this.basePort + 1),
				"--mongo-base-port", String.valueOf(this.basePort + 2)));
		arguments.addAll(List.of(extraArgs));
		PlatformProcess process = PlatformProcess.start(arguments.toArray(String[]::new));
		this.processes.add(process);
		return process;
	}

	private String bootstrapServers() {
		return "127.0.0.1:" + this.basePort;
	}

	private String mongoUri() {
		return "mongodb://127.0.0.1:" + (this.basePort + 2) + "/" + STORE;
	}

	private void createTopic() throws InterruptedException, ExecutionException {
		try (Admin admin = admin()) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
		}
	}

	private long committedOffset() throws InterruptedException, ExecutionException {
		try (Admin admin = admin()) {
			Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
				.partitionsToOffsetAndMetadata()
				.get();
			return offsets.get(PARTITION).offset();
		}
	}

	private Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
	}

	private void produce(int from, int to) throws InterruptedException, ExecutionException {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
				new StringSerializer())) {
			for (String event : events(from, to)) {
				producer.send(new ProducerRecord<>(TOPIC, event)).get();
			}
		}
	}

	private List<String> consumeAndCommit(int count) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				ConsumerConfig.GROUP_ID_CONFIG, GROUP, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, count);
		List<String> consumed = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(TOPIC));
			await("records for the group").atMost(Duration.ofSeconds(30))
				.pollInSameThread()
				.pollInterval(Duration.ZERO)
				.until(() -> {
					consumer.poll(Duration.ofMillis(200)).forEach((record) -> consumed.add(record.value()));
					return consumed.size() >= count;
				});
			consumer.commitSync();
		}
		return consumed;
	}

	private List<String> records() {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		List<String> records = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new StringDeserializer())) {
			consumer.assign(Set.of(PARTITION));
			consumer.seekToBeginning(Set.of(PARTITION));
			long end = consumer.endOffsets(Set.of(PARTITION)).get(PARTITION);
			await("every record").atMost(Duration.ofSeconds(30))
				.pollInSameThread()
				.pollInterval(Duration.ZERO)
				.until(() -> {
					for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
						records.add(record.value());
					}
					return consumer.position(PARTITION) >= end;
				});
		}
		return records;
	}

	private void insertDocuments(int from, int to) {
		try (MongoClient client = MongoClients.create(mongoUri())) {
			MongoCollection<Document> packages = client.getDatabase(STORE).getCollection(COLLECTION);
			for (String name : names(from, to)) {
				packages.insertOne(new Document("_id", name).append("version", 1));
			}
		}
	}

	private void insertConcurrently(int from, int to) throws InterruptedException, ExecutionException {
		ExecutorService writers = Executors.newFixedThreadPool(8);
		try (MongoClient client = MongoClients.create(mongoUri())) {
			MongoCollection<Document> packages = client.getDatabase(STORE).getCollection(COLLECTION);
			List<Future<?>> inserts = new ArrayList<>();
			for (String name : names(from, to)) {
				inserts.add(writers.submit(() -> packages.insertOne(new Document("_id", name).append("version", 1))));
			}
			for (Future<?> insert : inserts) {
				insert.get();
			}
		}
		finally {
			writers.shutdownNow();
		}
	}

	private List<String> documentNames() {
		try (MongoClient client = MongoClients.create(mongoUri())) {
			return client.getDatabase(STORE)
				.getCollection(COLLECTION)
				.find()
				.sort(new Document("_id", 1))
				.map((document) -> document.getString("_id"))
				.into(new ArrayList<>());
		}
	}

	private static List<String> events(int from, int to) {
		return IntStream.range(from, to).mapToObj((i) -> "event-" + i).toList();
	}

	private static List<String> names(int from, int to) {
		return IntStream.range(from, to).mapToObj((i) -> String.format("package-%02d", i)).toList();
	}

}
