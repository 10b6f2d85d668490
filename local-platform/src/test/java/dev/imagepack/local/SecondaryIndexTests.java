package dev.imagepack.local;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SecondaryIndexTests {

	private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

	@TempDir
	Path folder;

	@Test
	void onlyEqualityOnEveryFieldWithPlainValuesAndRangesOfDatesAreAnswered() {
		SecondaryIndex single = new SecondaryIndex("storedAt", List.of(new IndexKey("storedAt", true)), false);
		SecondaryIndex compound = new SecondaryIndex("package_version",
				List.of(new IndexKey("packageId", true), new IndexKey("versionNumber", true)), false);

		assertThat(single.canHandle(new Document("storedAt", new Document("$gte", T0)))).isTrue();
		assertThat(single.canHandle(new Document("storedAt", new Document("$gt", T0).append("$lte", T0)))).isTrue();
		assertThat(single.canHandle(new Document("storedAt", T0))).isTrue();
		assertThat(compound.canHandle(new Document("packageId", "pkg-1").append("versionNumber", 2))).isTrue();

		assertThat(single.canHandle(new Document("storedAt", new Document("$gte", 5)))).isFalse();
		assertThat(single.canHandle(new Document("storedAt", new Document("$gte", "2026")))).isFalse();
		assertThat(single.canHandle(new Document("storedAt", new Document("$ne", T0)))).isFalse();
		assertThat(single.canHandle(new Document("storedAt", new Document("$in", List.of(T0))))).isFalse();
		assertThat(single.canHandle(new Document("storedAt", new Document()))).isFalse();
		assertThat(single.canHandle(new Document("storedAt", null))).isFalse();
		assertThat(single.canHandle(new Document("storedAt", List.of(T0)))).isFalse();
		assertThat(single.canHandle(new Document("storedAt", T0).append("other", 1))).isFalse();
		assertThat(compound.canHandle(new Document("packageId", "pkg-1"))).isFalse();
		assertThat(
				compound.canHandle(new Document("packageId", "pkg-1").append("versionNumber", new Document("$gte", 2))))
			.isFalse();
	}

	@Test
	void theIndexNamesTheDocumentsOfAValueOrARangeAndForgetsThoseChangedOrRemoved() {
		SecondaryIndex index = new SecondaryIndex("storedAt", List.of(new IndexKey("storedAt", true)), false);
		Document first = new Document("_id", "a").append("storedAt", T0);
		Document second = new Document("_id", "b").append("storedAt", List.of(T0.plusSeconds(10), T0.plusSeconds(20)));
		Document third = new Document("_id", "c").append("storedAt", "not a date");
		index.add(first, "a", null);
		index.add(second, "b", null);
		index.add(third, "c", null);

		assertThat(index.getPositions(new Document("storedAt", new Document("$gte", T0)))).containsExactly("a", "b");
		assertThat(index.getPositions(new Document("storedAt", new Document("$gt", T0.plusSeconds(15)))))
			.containsExactly("b");
		assertThat(index.getPositions(new Document("storedAt", new Document("$lt", T0.plusSeconds(5)))))
			.containsExactly("a");
		assertThat(index.getPositions(new Document("storedAt", "not a date"))).containsExactly("c");

		Document changed = new Document("_id", "a").append("storedAt", T0.plusSeconds(30));
		index.updateInPlace(first, changed, "a", null);
		assertThat(index.getPositions(new Document("storedAt", T0))).isEmpty();
		assertThat(index.remove(second)).isEqualTo("b");
		assertThat(index.getPositions(new Document("storedAt", new Document("$gte", T0)))).containsExactly("a");
	}

	@Test
	void indexedQueriesFindWhatTheSameQueriesFindWithoutAnIndexAlsoAfterARestart() {
		int port = FreePorts.consecutive(1);
		List<Bson> queries = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			queries.add(Filters.eq("region", "r" + i));
			queries.add(Filters.gte("storedAt", Date.from(T0.plusSeconds(i * 30L))));
			queries.add(Filters.and(Filters.gt("storedAt", Date.from(T0.plusSeconds(i * 20L))),
					Filters.lte("storedAt", Date.from(T0.plusSeconds(i * 40L)))));
			queries.add(Filters.and(Filters.eq("packageId", "pkg-" + (i % 4)), Filters.eq("versionNumber", i % 3)));
			queries.add(Filters.and(Filters.eq("packageId", "pkg-" + (i % 4)), Filters.eq("versionNumber", i % 3L)));
			queries.add(Filters.eq("n", i));
		}
		queries.add(Filters.eq("region", null));
		queries.add(Filters.eq("storedAt", "soon"));

		try (MongoStore store = MongoStore.start("jobs", port, this.folder); MongoClient client = client(port)) {
			MongoDatabase database = client.getDatabase("jobs");
			MongoCollection<org.bson.Document> indexed = database.getCollection("indexed");
			indexed.createIndex(Indexes.ascending("region"));
			indexed.createIndex(Indexes.ascending("storedAt"));
			indexed.createIndex(Indexes.ascending("packageId", "versionNumber"));
			indexed.createIndex(Indexes.ascending("n"));
			MongoCollection<org.bson.Document> plain = database.getCollection("plain");
			Random random = new Random(7);
			for (int i = 0; i < 300; i++) {
				org.bson.Document document = randomDocument(i, random);
				indexed.insertOne(document);
				plain.insertOne(document);
			}
			for (int i = 0; i < 200; i++) {
				Bson selector = Filters.eq("_id", "doc-" + random.nextInt(300));
				if (random.nextInt(5) == 0) {
					indexed.deleteOne(selector);
					plain.deleteOne(selector);
				}
				else {
					org.bson.Document replacement = randomDocument(random.nextInt(300), random);
					Bson update = Updates.combine(Updates.set("region", replacement.get("region")),
							Updates.set("storedAt", replacement.get("storedAt")), Updates.inc("n", 1));
					indexed.updateOne(selector, update);
					plain.updateOne(selector, update);
				}
			}
			// As a service does when it starts: the index exists, and keeps its entries.
			indexed.createIndex(Indexes.ascending("region"));
			indexed.createIndex(Indexes.ascending("storedAt"));
			assertSameAnswers(indexed, plain, queries);
		}

		try (MongoStore store = MongoStore.start("jobs", port, this.folder); MongoClient client = client(port)) {
			MongoDatabase database = client.getDatabase("jobs");
			assertSameAnswers(database.getCollection("indexed"), database.getCollection("plain"), queries);
		}
	}

	@Test
	void anIndexSomeDocumentsCannotBeBuiltForIsLeftUnusedAndQueriesStillFindEverything() {
		int port = FreePorts.consecutive(1);
		try (MongoStore store = MongoStore.start("jobs", port, this.folder); MongoClient client = client(port)) {
			MongoCollection<org.bson.Document> jobs = client.getDatabase("jobs").getCollection("jobs");
			jobs.insertOne(new org.bson.Document("_id", "parallel").append("a", List.of(1, 2)).append("b", List.of(2)));
			jobs.insertOne(new org.bson.Document("_id", "plain").append("a", 1).append("b", 2));
			jobs.createIndex(Indexes.ascending("a", "b"));
			assertThat(ids(jobs, Filters.and(Filters.eq("a", 1), Filters.eq("b", 2)))).containsExactly("parallel",
					"plain");
		}
		try (MongoStore store = MongoStore.start("jobs", port, this.folder); MongoClient client = client(port)) {
			MongoCollection<org.bson.Document> jobs = client.getDatabase("jobs").getCollection("jobs");
			assertThat(ids(jobs, Filters.and(Filters.eq("a", 1), Filters.eq("b", 2)))).containsExactly("parallel",
					"plain");
		}
	}

	private static org.bson.Document randomDocument(int number, Random random) {
		org.bson.Document document = new org.bson.Document("_id", "doc-" + number)
			.append("packageId", "pkg-" + random.nextInt(4))
			.append("versionNumber", random.nextBoolean() ? random.nextInt(3) : (long) random.nextInt(3))
			.append("n", random.nextInt(12));
		switch (random.nextInt(6)) {
			case 0 -> document.append("region", null);
			case 1 -> {
			}
			case 2 -> document.append("region", List.of("r" + random.nextInt(12), "r" + random.nextInt(12)));
			case 3 -> document.append("region", new org.bson.Document("id", "r1"));
			default -> document.append("region", "r" + random.nextInt(12));
		}
		switch (random.nextInt(5)) {
			case 0 -> document.append("storedAt", "soon");
			case 1 -> document.append("storedAt",
					List.of(Date.from(T0.plusSeconds(random.nextInt(400))), Date.from(T0.minusSeconds(5))));
			default -> document.append("storedAt", Date.from(T0.plusSeconds(random.nextInt(400))));
		}
		return document;
	}

	private static void assertSameAnswers(MongoCollection<org.bson.Document> indexed,
			MongoCollection<org.bson.Document> plain, List<Bson> queries) {
		int found = 0;
		for (Bson query : queries) {
			List<Object> expected = ids(plain, query);
			assertThat(ids(indexed, query)).as("%s", query).isEqualTo(expected);
			found += expected.size();
		}
		assertThat(found).isGreaterThan(500);
	}

	private static List<Object> ids(MongoCollection<org.bson.Document> collection, Bson query) {
		List<Object> ids = new ArrayList<>();
		collection.find(query).sort(Indexes.ascending("_id")).forEach((document) -> ids.add(document.get("_id")));
		return ids;
	}

	private static MongoClient client(int port) {
		return MongoClients.create("mongodb://" + LocalPlatformSettings.HOST + ":" + port);
	}

}
