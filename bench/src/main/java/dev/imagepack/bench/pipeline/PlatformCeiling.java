package dev.imagepack.bench.pipeline;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The least durable work a region-mapping needs, done with plain clients on the broker
 * and stores the pipeline runs on: what the local platform allows before any service code
 * runs.
 * <p>
 * A version is a record on a "published" topic; a replication stage consumes it, writes a
 * job document per region into replication-service's store and sends a "replicated"
 * record per region, keyed by package; a mapping stage consumes those and writes each
 * region into a package document in mapping-service's store. Every write is acknowledged,
 * every send waits for the broker's acknowledgement before the offsets are committed, and
 * both stages run four consumers on four partitions, as the services do. Three shapes
 * (see {@link Shape}): one store write per event; region jobs, the services' own design
 * with its least work; and batched.
 * <p>
 * {@code <kafka> <replication-store-uri> <mapping-store-uri> <versions> [platform-pid clock-ticks]}
 */
public final class PlatformCeiling implements AutoCloseable {

	private static final int PARTITIONS = 4;

	private static final int REGIONS = PipelineBench.REGIONS.size();

	private static final byte[] PADDING = new byte[240];

	private final String run = Long.toString(System.currentTimeMillis(), 36);

	private final String kafka;

	private final Shape shape;

	private final MongoClient jobStore;

	private final MongoClient mappingStore;

	private final MongoCollection<Document> jobs;

	private final MongoCollection<Document> mappings;

	private final KafkaProducer<String, byte[]> producer;

	private final String published;

	private final String replicated;

	private final Map<String, AtomicInteger> regionsLeft = new ConcurrentHashMap<>();

	private final Map<String, CompletableFuture<Void>> resolved = new ConcurrentHashMap<>();

	private final List<Thread> stages = new ArrayList<>();

	private final AtomicInteger assigned = new AtomicInteger();

	private volatile boolean running = true;

	private PlatformCeiling(String kafka, String jobStoreUri, String mappingStoreUri, Shape shape) throws Exception {
		this.kafka = kafka;
		this.shape = shape;
		this.published = "bench-ceiling-published-" + shape.label + "-" + this.run;
		this.replicated = "bench-ceiling-replicated-" + shape.label + "-" + this.run;
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
			admin.createTopics(List.of(new NewTopic(this.published, PARTITIONS, (short) 1),
					new NewTopic(this.replicated, PARTITIONS, (short) 1)))
				.all()
				.get();
		}
		this.jobStore = MongoClients.create(jobStoreUri);
		this.mappingStore = MongoClients.create(mappingStoreUri);
		this.jobs = this.jobStore.getDatabase(databaseOf(jobStoreUri))
			.getCollection("bench_ceiling_jobs_" + shape.name().toLowerCase(Locale.ROOT));
		this.mappings = this.mappingStore.getDatabase(databaseOf(mappingStoreUri))
			.getCollection("bench_ceiling_mappings_" + shape.name().toLowerCase(Locale.ROOT));
		// Emptied rather than dropped: a drop of a collection that does not exist yet is
		// logged as an error by the store.
		this.jobs.deleteMany(new Document());
		this.mappings.deleteMany(new Document());
		Properties producerConfig = new Properties();
		producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
		producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
		this.producer = new KafkaProducer<>(producerConfig);
		for (int i = 0; i < PARTITIONS; i++) {
			start("replication-" + i, this.published, this::replicate);
			start("mapping-" + i, this.replicated, this::map);
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (this.assigned.get() < 2 * PARTITIONS) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The ceiling's consumers got no partitions within 60 s");
			}
			Thread.sleep(50);
		}
	}

	public static void main(String[] args) throws Exception {
		String kafka = args[0];
		int versions = Integer.parseInt(args[3]);
		long platformPid = (args.length > 4) ? Long.parseLong(args[4]) : -1;
		long clockTicks = (args.length > 5) ? Long.parseLong(args[5]) : 100;
		for (Shape shape : Shape.values()) {
			try (PlatformCeiling ceiling = new PlatformCeiling(kafka, args[1], args[2], shape)) {
				ceiling.publishAndWait(versions / 5);
				double[] single = new double[5];
				for (int i = 0; i < single.length; i++) {
					single[i] = ceiling.publishAndWait(1) / 1e6;
				}
				Arrays.sort(single);
				double platformBefore = cpuSecondsOf(platformPid, clockTicks);
				double clientBefore = clientCpuSeconds();
				long nanos = ceiling.publishAndWait(versions);
				double platformCpu = cpuSecondsOf(platformPid, clockTicks) - platformBefore;
				double clientCpu = clientCpuSeconds() - clientBefore;
				int count = versions * REGIONS;
				double seconds = nanos / 1e9;
				System.out.printf(
						"RESULT ceiling shape=%s versions=%d mappings=%d seconds=%.1f mappingsPerSecond=%.0f "
								+ "singleVersionMedianMs=%.1f platformCpuMsPerMapping=%s clientCpuMsPerMapping=%.2f%n",
						shape.label, versions, count, seconds, count / seconds, single[single.length / 2],
						(platformPid > 0) ? String.format("%.2f", platformCpu * 1000 / count) : "unknown",
						clientCpu * 1000 / count);
			}
		}
	}

	/**
	 * Publishes versions all at once and waits until every region of each is written.
	 * @param versions how many
	 * @return nanoseconds from the first publish until the last region was written
	 */
	private long publishAndWait(int versions) throws Exception {
		List<CompletableFuture<Void>> waits = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < versions; i++) {
			String id = "pkg-" + this.run + "-" + this.resolved.size();
			this.regionsLeft.put(id, new AtomicInteger(REGIONS));
			CompletableFuture<Void> done = new CompletableFuture<>();
			this.resolved.put(id, done);
			waits.add(done);
			ids.add(id);
		}
		long started = System.nanoTime();
		for (String id : ids) {
			this.producer.send(new ProducerRecord<>(this.published, id, PADDING));
		}
		this.producer.flush();
		CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
		return System.nanoTime() - started;
	}

	/** The replication stage: a job document per region, then a record per region. */
	private void replicate(ConsumerRecords<String, byte[]> records) {
		for (ConsumerRecord<String, byte[]> record : records) {
			String packageId = record.key();
			List<Document> regionJobs = new ArrayList<>();
			for (String region : PipelineBench.REGIONS) {
				regionJobs.add(new Document("_id", packageId + "/" + region).append("packageId", packageId)
					.append("region", region)
					.append("status", (this.shape == Shape.REGION_JOBS) ? "COPYING" : "SUCCEEDED")
					.append("imageId", imageId(packageId, region))
					.append("revision", 1)
					.append("finishedAt", new Date()));
			}
			if (this.shape == Shape.ONE_WRITE_PER_EVENT) {
				regionJobs.forEach(this.jobs::insertOne);
			}
			else {
				this.jobs.insertMany(regionJobs);
			}
			if (this.shape == Shape.REGION_JOBS) {
				// Each region's copy ends on its own and its result is written on its
				// own.
				for (Document job : regionJobs) {
					this.jobs.updateOne(Filters.eq("_id", job.get("_id")),
							Updates.combine(Updates.set("status", "SUCCEEDED"), Updates.set("finishedAt", new Date()),
									Updates.inc("revision", 1)));
				}
			}
			for (String region : PipelineBench.REGIONS) {
				byte[] value = (region + "|" + imageId(packageId, region) + "|").getBytes(StandardCharsets.UTF_8);
				this.producer.send(new ProducerRecord<>(this.replicated, packageId, pad(value)));
			}
		}
		this.producer.flush();
	}

	/** The mapping stage: each region's copy written into its package's document. */
	private void map(ConsumerRecords<String, byte[]> records) {
		Map<String, List<String>> regionsByPackage = new LinkedHashMap<>();
		for (ConsumerRecord<String, byte[]> record : records) {
			String value = new String(record.value(), StandardCharsets.UTF_8);
			regionsByPackage.computeIfAbsent(record.key(), (key) -> new ArrayList<>())
				.add(value.substring(0, value.indexOf('|')));
		}
		UpdateOptions upsert = new UpdateOptions().upsert(true);
		regionsByPackage.forEach((packageId, regions) -> {
			if (this.shape != Shape.ONE_WRITE_PER_EVENT) {
				List<Bson> sets = new ArrayList<>();
				for (String region : regions) {
					sets.add(Updates.set("regions." + region, imageId(packageId, region)));
				}
				this.mappings.updateOne(Filters.eq("_id", packageId), Updates.combine(sets), upsert);
			}
			else {
				for (String region : regions) {
					this.mappings.updateOne(Filters.eq("_id", packageId),
							Updates.set("regions." + region, imageId(packageId, region)), upsert);
				}
			}
			AtomicInteger left = this.regionsLeft.get(packageId);
			if (left != null && left.addAndGet(-regions.size()) <= 0) {
				this.resolved.get(packageId).complete(null);
			}
		});
	}

	private void start(String name, String topic, Stage stage) {
		Properties config = new Properties();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
		Thread thread = new Thread(() -> {
			boolean counted = false;
			try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
				consumer.subscribe(List.of(topic));
				while (this.running) {
					ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
					if (!counted && !consumer.assignment().isEmpty()) {
						counted = true;
						this.assigned.incrementAndGet();
					}
					if (!records.isEmpty()) {
						stage.handle(records);
						consumer.commitSync();
					}
				}
			}
			catch (RuntimeException ex) {
				// A stage that stops ends the measurement at once rather than at its
				// timeout.
				this.resolved.values().forEach((done) -> done.completeExceptionally(ex));
				throw ex;
			}
		}, "ceiling-" + name);
		thread.setDaemon(true);
		thread.start();
		this.stages.add(thread);
	}

	@Override
	public void close() throws Exception {
		this.running = false;
		for (Thread stage : this.stages) {
			stage.join(10_000);
		}
		this.producer.close();
		this.jobs.drop();
		this.mappings.drop();
		this.jobStore.close();
		this.mappingStore.close();
	}

	private static String imageId(String packageId, String region) {
		return "m-" + Integer.toHexString((packageId + region).hashCode());
	}

	private static byte[] pad(byte[] value) {
		return Arrays.copyOf(value, value.length + PADDING.length);
	}

	private static String databaseOf(String uri) {
		String path = uri.substring(uri.indexOf('/', "mongodb://".length()) + 1);
		int query = path.indexOf('?');
		return (query >= 0) ? path.substring(0, query) : path;
	}

	private static double cpuSecondsOf(long pid, long clockTicks) throws Exception {
		if (pid <= 0) {
			return 0;
		}
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// utime and stime: fields 14 and 15 of the whole line, 12 and 13 after the name.
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) clockTicks;
	}

	private static double clientCpuSeconds() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime() / 1e9;
	}

	@FunctionalInterface
	private interface Stage {

		void handle(ConsumerRecords<String, byte[]> records);

	}

	/** What each stage writes. */
	enum Shape {

		/** A store write per job and per region record. */
		ONE_WRITE_PER_EVENT("one-write-per-event"),

		/**
		 * replication-service's design with the least work it allows: a version's jobs in
		 * one insert, begun, then each region's result in an update of its own (in the
		 * services each region's copy ends on its own), and a poll's regions of one
		 * package in one update.
		 */
		REGION_JOBS("region-jobs"),

		/**
		 * A version's jobs in one insert, already finished, and a poll's regions of one
		 * package in one update: a version's regions replicated and stored together.
		 */
		BATCHED("batched");

		private final String label;

		Shape(String label) {
			this.label = label;
		}

	}

}
