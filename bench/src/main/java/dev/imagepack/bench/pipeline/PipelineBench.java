package dev.imagepack.bench.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import tools.jackson.databind.JsonNode;

import dev.imagepack.demo.Api;

/**
 * Publishes versions through package-service's public API and waits until mapping-service
 * resolves every region of each to its regional copy.
 * <p>
 * {@code measure <packages-url> <mapping-url> <kafka> <versions> <samples> [<clock-ticks>
 * <name>=<pid>... store:<name>=<uri>...]}: the raw Kafka round trip, rounds of versions
 * until the services are warm, then single versions one at a time, then many versions at
 * once, with the CPU each named process spent on them and the operations each named store
 * was asked for.
 * {@code seed <packages-url> <mapping-url> <kafka> <versions> <paths-file>}: publishes
 * and writes the lookup paths of every region of every version, for the lookup benchmark.
 */
public final class PipelineBench {

	/** The source region first, then the nine selected regions. */
	static final List<String> REGIONS = List.of("cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen",
			"cn-hongkong", "ap-southeast-1", "ap-northeast-1", "us-west-1", "us-east-1", "eu-central-1");

	/**
	 * Kafka hops from a publish to a resolved region: VersionPublished, RegionReplicated.
	 */
	static final int HOPS = 2;

	private static final int CLIENTS = 8;

	private static final int WARM_UP_VERSIONS = 500;

	/**
	 * At least this many rounds, or as many as {@code PIPELINE_WARM_UP_ROUNDS} asks for
	 * (up to the most).
	 */
	private static final int MIN_WARM_UP_ROUNDS = 5;

	private static final int MAX_WARM_UP_ROUNDS = 8;

	private static final AtomicInteger UNIQUE = new AtomicInteger();

	/** Names a store's URI among the processes: {@code store:<name>=<uri>}. */
	private static final String STORE_PREFIX = "store:";

	private final Api isv;

	private final Api lookups;

	private final String run = Long.toString(System.currentTimeMillis(), 36);

	private final ConsumerLag lag;

	private PipelineBench(String packages, String mapping, String kafka, String accountId) {
		this.isv = Api.as(packages, accountId);
		this.lookups = this.isv.at(mapping);
		this.lag = new ConsumerLag(kafka);
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		int versions = Integer.parseInt(args[4]);
		if (mode.equals("seed")) {
			PipelineBench bench = new PipelineBench(args[1], args[2], args[3], "isv-lookup");
			List<String> ids = bench.createDrafts(versions);
			bench.publishAndWait(ids);
			List<String> paths = new ArrayList<>();
			for (String id : ids) {
				for (String region : REGIONS) {
					paths.add("/v1/mappings/" + id + "/versions/1/regions/" + region);
				}
			}
			Files.write(Path.of(args[5]), paths);
			Files.writeString(Path.of(args[5] + ".token"), bench.isv.token());
			System.out.printf("seeded versions=%d mappings=%d through the pipeline%n", ids.size(), paths.size());
			return;
		}
		// Read first, so that a mistyped setting fails before anything is measured.
		int warmUpRounds = minWarmUpRounds();
		PipelineBench bench = new PipelineBench(args[1], args[2], args[3], "isv-pipeline");
		long clockTicks = (args.length > 6) ? Long.parseLong(args[6]) : 0;
		Map<String, Long> processes = new LinkedHashMap<>();
		Map<String, String> stores = new LinkedHashMap<>();
		for (int i = 7; i < args.length; i++) {
			String name = args[i].substring(0, args[i].indexOf('='));
			String value = args[i].substring(args[i].indexOf('=') + 1);
			if (name.startsWith(STORE_PREFIX)) {
				stores.put(name.substring(STORE_PREFIX.length()), value);
			}
			else {
				processes.put(name, Long.parseLong(value));
			}
		}
		double[] roundTrips = KafkaRoundTrip.measure(args[3], 200);
		double roundTrip = roundTrips[roundTrips.length / 2];
		System.out.printf("kafka round trip: p50=%.2fms p99=%.2fms (200 records, plain clients, fresh topic)%n",
				roundTrip, roundTrips[roundTrips.length * 99 / 100]);

		bench.warmUp(warmUpRounds);
		for (int i = 0; i < WARM_UP_VERSIONS / 50; i++) {
			String id = bench.createDrafts(1).get(0);
			bench.publish(id);
			while (!bench.isResolved(id)) {
				Thread.sleep(5);
			}
		}

		int samples = Integer.parseInt(args[5]);
		double[] single = new double[samples];
		for (int i = 0; i < samples; i++) {
			String id = bench.createDrafts(1).get(0);
			long started = System.nanoTime();
			bench.publish(id);
			while (!bench.isResolved(id)) {
				Thread.sleep(5);
			}
			single[i] = (System.nanoTime() - started) / 1e6;
			System.out.printf("single version %d: %.0f ms from publish until all %d regions resolve%n", i + 1,
					single[i], REGIONS.size());
		}
		Arrays.sort(single);
		double singleMedian = single[samples / 2];
		double bound = 5 * roundTrip * HOPS;

		List<String> ids = bench.createDrafts(versions);
		Map<String, Document> opsBefore = StoreCounters.read(stores);
		Map<String, Double> cpuBefore = cpuSeconds(processes, clockTicks);
		long elapsedNanos = bench.publishAndWait(ids);
		Map<String, Double> cpuAfter = cpuSeconds(processes, clockTicks);
		Map<String, Document> opsAfter = StoreCounters.read(stores);
		double seconds = elapsedNanos / 1e9;
		double rate = ids.size() * REGIONS.size() / seconds;
		bench.checkLookups(ids.get(ids.size() - 1));
		System.out.printf("checked: the last version's %d lookups answer its regional copies (source REPLICA)%n",
				REGIONS.size());

		System.out.println();
		System.out.printf(
				"RESULT pipeline versions=%d regions=%d mappings=%d seconds=%.1f mappingsPerSecond=%.1f "
						+ "target>=2000 %s%n",
				ids.size(), REGIONS.size(), ids.size() * REGIONS.size(), seconds, rate,
				(rate >= 2000) ? "met" : "MISSED");
		System.out.printf(
				"RESULT single-version medianMs=%.0f of %d, kafkaRoundTripP50Ms=%.2f hops=%d "
						+ "bound=5*roundTrip*hops=%.1fms ratio=%.1fx %s%n",
				singleMedian, samples, roundTrip, HOPS, bound, singleMedian / (roundTrip * HOPS),
				(singleMedian <= bound) ? "met" : "MISSED");
		double total = 0;
		for (Map.Entry<String, Double> after : cpuAfter.entrySet()) {
			double used = after.getValue() - cpuBefore.get(after.getKey());
			total += used;
			System.out.printf("RESULT pipeline-cpu %s seconds=%.1f cores=%.2f msPerMapping=%.2f%n", after.getKey(),
					used, used / seconds, used * 1000 / (ids.size() * REGIONS.size()));
		}
		if (!cpuAfter.isEmpty()) {
			System.out.printf("RESULT pipeline-cpu all seconds=%.1f cores=%.2f msPerMapping=%.2f%n", total,
					total / seconds, total * 1000 / (ids.size() * REGIONS.size()));
		}
		StoreCounters.report("pipeline-store", opsBefore, opsAfter, ids.size() * REGIONS.size());
	}

	/**
	 * Publishes rounds of versions until the services' JIT compilers have caught up: five
	 * JVMs compiling on two cores take minutes, and until then a round is up to twice as
	 * slow as the next. Stops once two rounds in a row are each no more than a tenth
	 * faster than the best round before them (one slow round alone, a collection or a
	 * busy neighbour, does not count as settled), or after {@link #MAX_WARM_UP_ROUNDS};
	 * the first round's figure is the one of services just started.
	 * {@code PIPELINE_WARM_UP_ROUNDS} sets more rounds to run before they count.
	 */
	private void warmUp(int minRounds) throws Exception {
		double best = 0;
		int flat = 0;
		for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
			List<String> ids = createDrafts(WARM_UP_VERSIONS);
			double seconds = publishAndWait(ids) / 1e9;
			double rate = ids.size() * REGIONS.size() / seconds;
			flat = (round > 1 && rate <= best * 1.1) ? flat + 1 : 0;
			boolean settled = round >= minRounds && flat >= 2;
			System.out.printf("warm-up round %d: %d versions in %.1f s, %.1f mappings/s%s%n", round, ids.size(),
					seconds, rate, settled ? " (two rounds no more than a tenth above the best before: warm)" : "");
			if (round == 1) {
				System.out.printf("RESULT pipeline-cold versions=%d mappingsPerSecond=%.1f "
						+ "(the first round after the services started)%n", ids.size(), rate);
			}
			if (settled) {
				return;
			}
			best = Math.max(best, rate);
		}
		System.out.printf("warm-up: stopped after %d rounds without settling%n", MAX_WARM_UP_ROUNDS);
	}

	private static int minWarmUpRounds() {
		String asked = System.getenv("PIPELINE_WARM_UP_ROUNDS");
		if (asked == null || asked.isBlank()) {
			return MIN_WARM_UP_ROUNDS;
		}
		try {
			return Math.max(MIN_WARM_UP_ROUNDS, Math.min(MAX_WARM_UP_ROUNDS, Integer.parseInt(asked.strip())));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"PIPELINE_WARM_UP_ROUNDS must be a whole number of rounds, not '" + asked + "'", ex);
		}
	}

	private static Map<String, Double> cpuSeconds(Map<String, Long> processes, long clockTicks) throws Exception {
		Map<String, Double> seconds = new LinkedHashMap<>();
		for (Map.Entry<String, Long> process : processes.entrySet()) {
			String stat = Files.readString(Path.of("/proc/" + process.getValue() + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			// utime and stime: fields 14 and 15 of the line, 12 and 13 after the name.
			seconds.put(process.getKey(),
					(Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) clockTicks);
		}
		return seconds;
	}

	/**
	 * Creates packages, each with a draft for the ten regions, and waits until every
	 * service has consumed the events the drafts sent, so that a publish after it is
	 * measured alone.
	 * @param count how many
	 * @return their IDs, in order
	 */
	private List<String> createDrafts(int count) throws Exception {
		long started = System.nanoTime();
		List<String> ids = inParallel(count, (i) -> {
			Map<String, Object> content = Map.of("imageType", "CUSTOM", "sourceRegion", REGIONS.get(0), "sourceImageId",
					"m-bp1g7004ksh0oeuc");
			Map<String, Object> version = Map.of("name", "release_1", "description", "Benchmark version " + i,
					"content", content, "regions", REGIONS.subList(1, REGIONS.size()));
			Api.Response created = this.isv.post("/v1/packages",
					Map.of("name", "bench_" + this.run + "_" + UNIQUE.getAndIncrement(), "version", version));
			if (created.status() != 201) {
				throw new IllegalStateException(
						"Creating a package answered " + created.status() + " " + created.body());
			}
			return created.node().get("id").asString();
		});
		double creating = (System.nanoTime() - started) / 1e9;
		// What the drafts sent is taken by every service before any clock starts.
		long consuming = System.nanoTime();
		long behind = this.lag.awaitCaughtUp(Duration.ofMinutes(5));
		if (count > 1) {
			System.out.printf(
					"created %d packages with drafts in %.1f s, their events consumed by every service %.1f s later"
							+ " (%d records behind; not part of the measurement)%n",
					count, creating, (System.nanoTime() - consuming) / 1e9, behind);
		}
		return ids;
	}

	private void publish(String id) {
		Api.Response published = this.isv.post("/v1/packages/" + id + "/versions/draft/publish", null);
		if (published.status() != 202) {
			throw new IllegalStateException(
					"Publishing " + id + " answered " + published.status() + " " + published.body());
		}
	}

	/**
	 * Publishes every draft at once and waits until each version resolves in every
	 * region.
	 * @param ids the packages
	 * @return nanoseconds from the first publish until the last region resolved
	 */
	private long publishAndWait(List<String> ids) throws Exception {
		Queue<String> pending = new ConcurrentLinkedQueue<>();
		long started = System.nanoTime();
		ExecutorService publishers = Executors.newFixedThreadPool(CLIENTS);
		List<Future<?>> sent = new ArrayList<>();
		for (String id : ids) {
			sent.add(publishers.submit(() -> {
				publish(id);
				pending.add(id);
			}));
		}
		// One poller, oldest version first: versions settle roughly in the order they
		// were published, and the wait ends with the last one, so polling the head of the
		// line every 20 ms finds it within 20 ms without loading mapping-service with
		// polls.
		int resolved = 0;
		long lastReport = System.nanoTime();
		while (resolved < ids.size()) {
			String id = pending.peek();
			if (id != null && isResolved(id)) {
				pending.remove();
				resolved++;
				continue;
			}
			Thread.sleep(20);
			if (System.nanoTime() - lastReport > 10_000_000_000L) {
				lastReport = System.nanoTime();
				System.out.printf("  %.0f s: %d of %d versions resolved in every region%n",
						(lastReport - started) / 1e9, resolved, ids.size());
			}
		}
		long elapsed = System.nanoTime() - started;
		for (Future<?> send : sent) {
			send.get();
		}
		publishers.shutdown();
		return elapsed;
	}

	/**
	 * Whether every region of version 1 resolves to its regional copy.
	 */
	private boolean isResolved(String id) {
		Api.Response answer = this.lookups.get("/v1/mappings/" + id + "/versions/1");
		if (answer.status() != 200) {
			return false;
		}
		JsonNode regions = answer.node().get("regions");
		int succeeded = 0;
		for (JsonNode region : regions) {
			if ("SUCCEEDED".equals(region.get("status").asString())) {
				succeeded++;
			}
		}
		return succeeded == REGIONS.size();
	}

	private void checkLookups(String id) {
		for (String region : REGIONS) {
			Api.Response lookup = this.lookups.get("/v1/mappings/" + id + "/versions/1/regions/" + region);
			if (lookup.status() != 200 || !"REPLICA".equals(lookup.text("source"))) {
				throw new IllegalStateException(
						"Lookup of " + id + " in " + region + " answered " + lookup.status() + " " + lookup.body());
			}
		}
	}

	private static List<String> inParallel(int count, Task task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(Math.min(CLIENTS, count));
		try {
			List<Future<String>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int index = i;
				futures.add(pool.submit(() -> task.run(index)));
			}
			List<String> results = new ArrayList<>();
			for (Future<String> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			pool.shutdown();
		}
	}

	@FunctionalInterface
	private interface Task {

		String run(int index) throws Exception;

	}

}
