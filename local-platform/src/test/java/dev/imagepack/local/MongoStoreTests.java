package dev.imagepack.local;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MongoStoreTests {

	@TempDir
	Path folder;

	@Test
	void aFileWrittenWithSerializedIndexKeysOpensWithItsIndexesConvertedAndEnforced() {
		Path file = this.folder.resolve("jobs.mv.db");
		int port = FreePorts.consecutive(1);
		onPlainBackend(file, port, (jobs) -> {
			jobs.createIndex(Indexes.ascending("_id", "revision"), new IndexOptions().unique(true));
			for (int i = 0; i < 50; i++) {
				jobs.insertOne(new Document("_id", "job-" + i).append("revision", 1L).append("region", "r" + (i % 5)));
			}
		});

		try (MongoStore store = MongoStore.start("jobs", port, this.folder); MongoClient client = client(port)) {
			MongoCollection<Document> jobs = client.getDatabase("jobs").getCollection("replicationJobs");
			assertThat(jobs.find(Filters.eq("_id", "job-17")).first()).containsEntry("region", "r2");
			assertThat(jobs
				.updateOne(Filters.and(Filters.eq("_id", "job-17"), Filters.eq("revision", 1L)),
						Updates.inc("revision", 1L))
				.getModifiedCount()).isEqualTo(1);
			assertThat(jobs
				.updateOne(Filters.and(Filters.eq("_id", "job-17"), Filters.eq("revision", 1L)),
						Updates.inc("revision", 1L))
				.getModifiedCount()).isZero();
			assertThatExceptionOfType(MongoWriteException.class)
				.isThrownBy(() -> jobs.insertOne(new Document("_id", "job-3").append("revision", 9L)))
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(11000));
			jobs.insertOne(new Document("_id", "job-50").append("revision", 1L));
		}

		try (MongoStore store = MongoStore.start("jobs", port, this.folder); MongoClient client = client(port)) {
			MongoCollection<Document> jobs = client.getDatabase("jobs").getCollection("replicationJobs");
			assertThat(jobs.countDocuments()).isEqualTo(51);
			assertThat(jobs.find(Filters.and(Filters.eq("_id", "job-17"), Filters.eq("revision", 2L))).first())
				.isNotNull();
			assertThatExceptionOfType(MongoWriteException.class)
				.isThrownBy(() -> jobs.insertOne(new Document("_id", "job-50")));
		}

		MVStore reopened = MVStore.open(file.toString());
		try {
			List<String> indexMaps = reopened.getMapNames().stream().filter((name) -> name.contains("._")).toList();
			assertThat(indexMaps).isNotEmpty().allMatch((name) -> name.contains("._keys_"));
		}
		finally {
			reopened.close();
		}
	}

	@Test
	void aFileAnEarlierPlatformChangedAfterItsConversionIsConvertedAnew() {
		Path file = this.folder.resolve("jobs.mv.db");
		int port = FreePorts.consecutive(1);
		try (MongoStore store = MongoStore.start("jobs", port, this.folder); MongoClient client = client(port)) {
			MongoCollection<Document> jobs = client.getDatabase("jobs").getCollection("replicationJobs");
			jobs.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));
			jobs.insertOne(new Document("_id", "job-1").append("name", "first"));
			jobs.insertOne(new Document("_id", "job-2").append("name", "second"));
		}
		// An earlier local platform, with mongo-java-server's own backend, rebuilds its
		// indexes and deletes a document.
		onPlainBackend(file, port, (jobs) -> jobs.deleteOne(Filters.eq("_id", "job-1")));

		try (MongoStore store = MongoStore.start("jobs", port, this.folder); MongoClient client = client(port)) {
			MongoCollection<Document> jobs = client.getDatabase("jobs").getCollection("replicationJobs");
			jobs.insertOne(new Document("_id", "job-3").append("name", "first"));
			assertThatExceptionOfType(MongoWriteException.class)
				.isThrownBy(() -> jobs.insertOne(new Document("_id", "job-4").append("name", "second")));
			assertThat(jobs.find(Filters.eq("_id", "job-1")).first()).isNull();
			assertThat(jobs.countDocuments()).isEqualTo(2);
		}
	}

	@Test
	void aDroppedCollectionTakesItsIndexesAlong() {
		int port = FreePorts.consecutive(1);
		try (MongoStore store = MongoStore.start("jobs", port, this.folder); MongoClient client = client(port)) {
			MongoCollection<Document> jobs = client.getDatabase("jobs").getCollection("replicationJobs");
			jobs.createIndex(Indexes.ascending("_id", "revision"), new IndexOptions().unique(true));
			jobs.insertOne(new Document("_id", "job-1").append("revision", 1L));
			jobs.drop();
			jobs.insertOne(new Document("_id", "job-1").append("revision", 1L));
			assertThat(jobs.countDocuments()).isEqualTo(1);
		}
	}

	/**
	 * Works on the jobs collection of a file served by mongo-java-server's own H2
	 * backend, as a local platform from before the store's own index format did.
	 */
	private static void onPlainBackend(Path file, int port, Consumer<MongoCollection<Document>> work) {
		MongoServer plain = new MongoServer(new H2Backend(MVStore.open(file.toString())));
		plain.bind(new InetSocketAddress(LocalPlatformSettings.HOST, port));
		try (MongoClient client = client(port)) {
			work.accept(client.getDatabase("jobs").getCollection("replicationJobs"));
		}
		finally {
			plain.shutdownNow();
		}
	}

	private static MongoClient client(int port) {
		return MongoClients.create("mongodb://" + LocalPlatformSettings.HOST + ":" + port);
	}

}
