package dev.imagepack.bench.store;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.h2.mvstore.MVStore;

import dev.imagepack.local.MongoStore;

/**
 * The embedded store's writes on their own: replication jobs, shaped and indexed as
 * replication-service stores them, inserted ten to a request (a version's regions) and
 * then each updated once by ID (its result), through the MongoDB driver on loopback. By
 * ID alone, where replication-service names the revision too: mongo-java-server's backend
 * answers only a query of the {@code _id} alone from its index, and reads every document
 * for the other (133 updates/s with 10,000 jobs). Against the same work on
 * mongo-java-server's own H2 backend, in the same run: what the local platform's store
 * ({@link MongoStore}: its own index format, secondary indexes that answer queries,
 * commits of its own) costs beside the library it is built on. Each store runs the work
 * twice, unmeasured then measured, and the two stores take turns three times; the
 * measured turn of each that took the least CPU per update counts (the JIT compiler's
 * work is in the process's CPU too, less of it in later turns). The CPU is this
 * process's, the client's included, which is the same work for both.
 * <p>
 * {@code [jobs]}, 10,000 by default.
 */
public final class StoreBench {

	private static final int REGIONS_PER_VERSION = 10;

	private static final int TURNS = 3;

	private StoreBench() {
	}

	public static void main(String[] args) throws Exception {
		int jobs = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000;
		Path folder = Files.createTempDirectory("store-bench");
		Result[] best = new Result[2];
		for (int turn = 0; turn < TURNS; turn++) {
			for (int store = 0; store < 2; store++) {
				Result result = (store == 0) ? onStock(folder.resolve("stock-" + turn), jobs)
						: onLocalPlatform(folder.resolve("local-" + turn), jobs);
				System.out.printf("turn %d %s: %s%n", turn + 1,
						(store == 0) ? "mongo-java-server's H2 backend" : "local platform's store", result);
				if (best[store] == null || result.cpuMsPerUpdate() < best[store].cpuMsPerUpdate()) {
					best[store] = result;
				}
			}
		}
		System.out.printf(
				"RESULT store jobs=%d localInsertsPerSecond=%.0f localUpdatesPerSecond=%.0f localCpuMsPerUpdate=%.3f "
						+ "baseline=h2-backend baselineInsertsPerSecond=%.0f baselineUpdatesPerSecond=%.0f "
						+ "baselineCpuMsPerUpdate=%.3f cpuRatio=%.2fx%n",
				jobs, best[1].insertsPerSecond(), best[1].updatesPerSecond(), best[1].cpuMsPerUpdate(),
				best[0].insertsPerSecond(), best[0].updatesPerSecond(), best[0].cpuMsPerUpdate(),
				best[1].cpuMsPerUpdate() / best[0].cpuMsPerUpdate());
	}

	private static Result onStock(Path folder, int jobs) throws IOException {
		Files.createDirectories(folder);
		MVStore file = MVStore.open(folder.resolve("stock.mv.db").toString());
		MongoServer server = new MongoServer(new H2Backend(file));
		int port = freePort();
		server.bind(new InetSocketAddress("127.0.0.1", port));
		try {
			return work(port, jobs);
		}
		finally {
			server.shutdownNow();
		}
	}

	private static Result onLocalPlatform(Path folder, int jobs) throws IOException {
		try (MongoStore store = MongoStore.start("bench", freePort(), folder)) {
			return work(store.port(), jobs);
		}
	}

	private static Result work(int port, int jobs) {
		try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
			MongoCollection<Document> collection = client.getDatabase("bench").getCollection("replication_jobs");
			run(collection, jobs, "warm-up");
			return run(collection, jobs, "measured");
		}
	}

	private static Result run(MongoCollection<Document> collection, int jobs, String round) {
		collection.drop();
		// replication-service's indexes of its jobs.
		collection.createIndex(Indexes.ascending("packageId", "versionNumber"));
		collection.createIndex(Indexes.ascending("dueAt"));
		collection.createIndex(Indexes.ascending("leaseOwner"));
		collection.createIndex(Indexes.ascending("leaseUntil"));
		List<String> ids = new ArrayList<>(jobs);
		long cpuBefore = processCpuNanos();
		long started = System.nanoTime();
		List<Document> version = new ArrayList<>(REGIONS_PER_VERSION);
		for (int i = 0; i < jobs; i++) {
			Document job = job(round, i);
			ids.add(job.getString("_id"));
			version.add(job);
			if (version.size() == REGIONS_PER_VERSION || i == jobs - 1) {
				collection.insertMany(version);
				version = new ArrayList<>(REGIONS_PER_VERSION);
			}
		}
		long inserted = System.nanoTime();
		long cpuInserted = processCpuNanos();
		for (String id : ids) {
			Date now = new Date();
			long modified = collection.updateOne(Filters.eq("_id", id),
					Updates.combine(Updates.set("status", "SUCCEEDED"), Updates.set("imageId", "m-" + id.hashCode()),
							Updates.set("finishedAt", now), Updates.unset("leaseOwner"), Updates.unset("leaseUntil"),
							Updates.unset("dueAt"), Updates.inc("revision", 1L)))
				.getModifiedCount();
			if (modified != 1) {
				throw new IllegalStateException("job " + id + " was not updated");
			}
		}
		long updated = System.nanoTime();
		long cpuUpdated = processCpuNanos();
		return new Result(jobs * 1e9 / (inserted - started), jobs * 1e9 / (updated - inserted),
				(cpuUpdated - cpuInserted) / 1e6 / jobs);
	}

	private static Document job(String round, int i) {
		String packageId = "pkg-" + round + "-" + (i / REGIONS_PER_VERSION);
		String region = "region-" + (i % REGIONS_PER_VERSION);
		Date now = new Date();
		return new Document("_id", packageId + ":1:" + region).append("packageId", packageId)
			.append("ownerAccountId", "1234567890")
			.append("versionNumber", 1)
			.append("region", region)
			.append("source",
					new Document("kind", "CUSTOM").append("sourceRegion", "cn-hangzhou")
						.append("sourceImageId", "m-bp1g7004ksh0oeuc")
						.append("sizeGib", 20))
			.append("status", "COPYING")
			.append("clientToken", UUID.randomUUID().toString())
			.append("attempts", 1)
			.append("history",
					List.of(new Document("attempt", 1).append("instanceId", "bench").append("startedAt", now)))
			.append("leaseOwner", "bench")
			.append("leaseUntil", new Date(now.getTime() + 15_000))
			.append("dueAt", now)
			.append("queuedAt", now)
			.append("revision", 1L);
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private record Result(double insertsPerSecond, double updatesPerSecond, double cpuMsPerUpdate) {

		@Override
		public String toString() {
			return String.format("%.0f inserts/s, %.0f updates/s, %.3f ms of CPU per update", this.insertsPerSecond,
					this.updatesPerSecond, this.cpuMsPerUpdate);
		}

	}

}
