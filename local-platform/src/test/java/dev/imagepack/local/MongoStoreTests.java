package dev.imagepack.local;

import java.net.InetSocketAddress;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.BsonBinarySubType;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.MaxKey;
import org.bson.types.MinKey;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MongoStoreTests {

	@TempDir
	Path folder;

	@Test
	void aFileTheServersOwnBackendWroteOpensWithItsDocumentsAndIndexesConverted() {
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

		Set<String> maps = mapNames(file);
		assertThat(maps.stream().filter((name) -> name.contains("._"))).isNotEmpty()
			.allMatch((name) -> name.contains("._unique_"));
		assertThat(maps).noneMatch((name) -> name.startsWith("databases."))
			.anyMatch((name) -> name.startsWith("documents.jobs."));
	}

	@Test
	void aFileWithConvertedIndexesThatAnEarlierPlatformChangedSinceIsConvertedAnew() {
		Path file = this.folder.resolve("jobs.mv.db");
		int port = FreePorts.consecutive(1);
		onPlainBackend(file, port, MongoStoreTests::namedFirstAndSecond);
		// As a local platform that converted the indexes but kept the documents
		// serialized left the file.
		MVStore converted = MVStore.open(file.toString());
		try {
			String serialized = converted.getMapNames()
				.stream()
				.filter((name) -> name.contains("._index_name_1"))
				.findFirst()
				.orElseThrow();
			MVMap<KeyValue, Object> keys = converted.openMap(serialized.replace("._index_", "._keys_"),
					new MVMap.Builder<KeyValue, Object>().keyType(IndexKeyType.INSTANCE));
			converted.<KeyValue, Object>openMap(serialized).forEach(keys::put);
			converted.removeMap(serialized);
		}
		finally {
			converted.close();
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
	void anEarlierPlatformSeesAConvertedFolderAsEmptyAndWhatItWritesThereIsLeftUnread() {
		Path file = this.folder.resolve("jobs.mv.db");
		int port = FreePorts.consecutive(1);
		onPlainBackend(file, port, MongoStoreTests::namedFirstAndSecond);
		try (MongoStore store = MongoStore.start("jobs", port, this.folder)) {
			// Converted as it opens.
		}
		assertThat(mapNames(file)).noneMatch(
				(name) -> name.startsWith("databases.") || name.contains("._keys_") || name.contains("._index_"));

		// An earlier local platform finds neither documents nor keys: an empty store,
		// not one whose unique keys are taken by documents it cannot read.
		onPlainBackend(file, port, (jobs) -> {
			assertThat(jobs.countDocuments()).isZero();
			jobs.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));
			jobs.insertOne(new Document("_id", "job-1").append("name", "first"));
			jobs.insertOne(new Document("_id", "job-9").append("name", "ninth"));
		});

		try (MongoStore store = MongoStore.start("jobs", port, this.folder); MongoClient client = client(port)) {
			MongoCollection<Document> jobs = client.getDatabase("jobs").getCollection("replicationJobs");
			assertThat(jobs.find().map((job) -> job.getString("_id")).into(new ArrayList<>()))
				.containsExactlyInAnyOrder("job-1", "job-2");
			assertThatExceptionOfType(MongoWriteException.class)
				.isThrownBy(() -> jobs.insertOne(new Document("_id", "job-3").append("name", "second")));
			jobs.insertOne(new Document("_id", "job-9").append("name", "ninth"));
			assertThat(jobs.countDocuments()).isEqualTo(3);
		}
		assertThat(mapNames(file)).as("what the earlier platform wrote stays in the file")
			.anyMatch((name) -> name.startsWith("databases.jobs."));
	}

	@Test
	void everyKindOfValueReadsBackAsWrittenAfterARestart() {
		int port = FreePorts.consecutive(1);
		Document written = new Document("_id", new ObjectId()).append("text", "ünïcødé \u2028 text")
			.append("int", 42)
			.append("long", 1L << 40)
			.append("double", 2.5)
			.append("decimal", new Decimal128(new BigDecimal("12345.6789")))
			.append("flag", true)
			.append("nothing", null)
			.append("date", new Date(1_764_000_000_123L))
			.append("bytes", new Binary(new byte[] { 0, 1, 2, (byte) 255 }))
			.append("uuid", new Binary(BsonBinarySubType.UUID_STANDARD, new byte[16]))
			.append("timestamp", new BsonTimestamp(1_764_000_000, 7))
			.append("pattern", new BsonRegularExpression("^m-[a-z0-9]+$", "i"))
			.append("min", new MinKey())
			.append("max", new MaxKey())
			.append("nested", new Document("list", List.of(1, "two", new Document("three", 3.0), List.of()))
				.append("empty", new Document()));
		try (MongoStore store = MongoStore.start("jobs", port, this.folder); MongoClient client = client(port)) {
			client.getDatabase("jobs").getCollection("values").insertOne(written);
		}

		try (MongoStore store = MongoStore.start("jobs", port, this.folder); MongoClient client = client(port)) {
			MongoCollection<Document> values = client.getDatabase("jobs").getCollection("values");
			assertThat(values.find(Filters.eq("_id", written.getObjectId("_id"))).first()).isEqualTo(written);
			assertThat(values.find(Filters.eq("nested.list", "two")).first()).isEqualTo(written);
		}
	}

	@Test
	void aHelloIsAnsweredAsTheIsMasterItReplaced() {
		int port = FreePorts.consecutive(1);
		try (MongoStore store = MongoStore.start("jobs", port, this.folder); MongoClient client = client(port)) {
			Document answer = client.getDatabase("jobs").runCommand(new Document("hello", 1));
			assertThat(answer.get("ok")).isEqualTo(1.0);
			assertThat(answer.getBoolean("isWritablePrimary")).isTrue();
			assertThat(answer.getInteger("maxWireVersion")).isPositive();
		}
	}

	@Test
	void serverStatusCountsOperationsAsMongoDbDoesAndTheCommitsThatStoredThem() {
		int port = FreePorts.consecutive(1);
		// No heartbeat during the test: it would count as a command.
		MongoClientSettings quiet = MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString("mongodb://" + LocalPlatformSettings.HOST + ":" + port))
			.applyToServerSettings((server) -> server.heartbeatFrequency(1, TimeUnit.HOURS))
			.build();
		try (MongoStore store = MongoStore.start("jobs", port, this.folder);
				MongoClient client = MongoClients.create(quiet)) {
			MongoDatabase database = client.getDatabase("jobs");
			Document before = database.runCommand(new Document("serverStatus", 1));
			MongoCollection<Document> jobs = database.getCollection("replicationJobs");
			jobs.insertMany(List.of(new Document("_id", "a"), new Document("_id", "b"), new Document("_id", "c")));
			jobs.bulkWrite(List.of(new UpdateOneModel<>(Filters.eq("_id", "a"), Updates.set("region", "r1")),
					new UpdateOneModel<>(Filters.eq("_id", "b"), Updates.set("region", "r2"))));
			jobs.findOneAndUpdate(Filters.eq("_id", "c"), Updates.set("region", "r3"));
			jobs.deleteOne(Filters.eq("_id", "a"));
			assertThat(jobs.find(Filters.eq("_id", "b")).first()).containsEntry("region", "r2");
			Document after = database.runCommand(new Document("serverStatus", 1));

			Document counted = after.get("opcounters", Document.class);
			Document counter = before.get("opcounters", Document.class);
			assertThat(counted.getLong("insert") - counter.getLong("insert")).isEqualTo(3);
			assertThat(counted.getLong("update") - counter.getLong("update")).isEqualTo(2);
			assertThat(counted.getLong("delete") - counter.getLong("delete")).isEqualTo(1);
			assertThat(counted.getLong("query") - counter.getLong("query")).isEqualTo(1);
			// findAndModify, and the serverStatus that read the counters before.
			assertThat(counted.getLong("command") - counter.getLong("command")).isEqualTo(2);
			long commits = after.get("localPlatformStore", Document.class).getLong("commits")
					- before.get("localPlatformStore", Document.class).getLong("commits");
			// The insert, the update of two, the findAndModify and the delete: a commit
			// for each command that wrote, since they came one after the other.
			assertThat(commits).isEqualTo(4);
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

	@Test
	void collectionStatisticsGiveTheSizeOfTheDocumentsAsTheyAreNowAlsoAfterARestart() {
		int port = FreePorts.consecutive(1);
		Document first = new Document("_id", "job-1").append("region", "cn-hangzhou");
		Document second = new Document("_id", "job-2").append("region", "eu-central-1").append("attempts", 3);
		int bothSizes = encodedSize(first) + encodedSize(second);
		try (MongoStore store = MongoStore.start("jobs", port, this.folder); MongoClient client = client(port)) {
			MongoDatabase database = client.getDatabase("jobs");
			MongoCollection<Document> jobs = database.getCollection("replicationJobs");
			jobs.insertMany(List.of(first, second));
			assertThat(size(database)).isEqualTo(bothSizes);
			jobs.updateOne(Filters.eq("_id", "job-1"), Updates.set("region", "ap-southeast-1"));
			assertThat(size(database)).isEqualTo(bothSizes + 3);
			jobs.deleteOne(Filters.eq("_id", "job-2"));
			assertThat(size(database)).isEqualTo(encodedSize(first) + 3);
		}
		try (MongoStore store = MongoStore.start("jobs", port, this.folder); MongoClient client = client(port)) {
			assertThat(size(client.getDatabase("jobs"))).isEqualTo(encodedSize(first) + 3);
		}
	}

	private static int size(MongoDatabase database) {
		return database.runCommand(new Document("collStats", "replicationJobs")).getInteger("size");
	}

	private static int encodedSize(Document document) {
		return new RawBsonDocument(document, new DocumentCodec()).getByteBuffer().remaining();
	}

	/**
	 * A unique index on {@code name}, and two jobs named {@code first} and
	 * {@code second}.
	 */
	private static void namedFirstAndSecond(MongoCollection<Document> jobs) {
		jobs.createIndex(Indexes.ascending("name"), new IndexOptions().unique(true));
		jobs.insertOne(new Document("_id", "job-1").append("name", "first"));
		jobs.insertOne(new Document("_id", "job-2").append("name", "second"));
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

	private static Set<String> mapNames(Path file) {
		MVStore store = MVStore.open(file.toString());
		try {
			return Set.copyOf(store.getMapNames());
		}
		finally {
			store.close();
		}
	}

	private static MongoClient client(int port) {
		return MongoClients.create("mongodb://" + LocalPlatformSettings.HOST + ":" + port);
	}

}
