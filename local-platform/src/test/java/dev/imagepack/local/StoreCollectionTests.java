package dev.imagepack.local;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StoreCollectionTests {

	@TempDir
	Path folder;

	@Test
	void theFieldsOfAnAndAreLiftedToTheTopLevelWhereTheyMeanTheSame() {
		Document both = new Document("$and", List.of(new Document("_id", "a"), new Document("revision", 2L)));
		assertThat(StoreCollection.lifted(both)).isEqualTo(new Document("_id", "a").append("revision", 2L));

		Document nested = new Document("status", "QUEUED").append("$and",
				List.of(new Document("$and", List.of(new Document("region", "r1"))), new Document("n", 1)));
		assertThat(StoreCollection.lifted(nested))
			.isEqualTo(new Document("status", "QUEUED").append("region", "r1").append("n", 1));

		// Lifted where the $and stood, so that the fields are matched in the same order.
		Document first = new Document("$and", List.of(new Document("a", 1))).append("z", 2);
		assertThat(List.copyOf(StoreCollection.lifted(first).keySet())).containsExactly("a", "z");

		// An $and with a field named twice, or with an operator, or empty, stays whole.
		Document range = new Document("$and",
				List.of(new Document("n", new Document("$gt", 1)), new Document("n", new Document("$lt", 5))));
		assertThat(StoreCollection.lifted(range)).isSameAs(range);
		Document withOr = new Document("$and",
				List.of(new Document("n", 1), new Document("$or", List.of(new Document("a", 1)))));
		assertThat(StoreCollection.lifted(withOr)).isSameAs(withOr);
		Document named = new Document("n", 1).append("$and", List.of(new Document("n", 2)));
		assertThat(StoreCollection.lifted(named)).isSameAs(named);
		Document empty = new Document("$and", List.of());
		assertThat(StoreCollection.lifted(empty)).isSameAs(empty);

		// So does one with a value other than a plain one, which the store's unique
		// indexes would answer wrongly.
		for (Object value : Arrays.asList(List.of(), List.of(1, 2), null, new Document("$in", List.of("a")),
				Pattern.compile("^x"))) {
			Document notPlain = new Document("$and", List.of(new Document("_id", "a"), new Document("k", value)));
			assertThat(StoreCollection.lifted(notPlain)).as("%s", value).isSameAs(notPlain);
		}

		Document plain = new Document("_id", "a");
		assertThat(StoreCollection.lifted(plain)).isSameAs(plain);
	}

	@Test
	void aConditionalWriteWrittenAsAnAndIsAnsweredByTheIdRevisionIndex() {
		MVMap<KeyValue, Object> positions = MVStore.open(null).openMap("index");
		KeyValueIndex index = new KeyValueIndex(positions, "id_revision",
				List.of(new IndexKey("_id", true), new IndexKey("revision", true)), false);
		Document query = new Document("$and", List.of(new Document("_id", "a"), new Document("revision", 2L)));

		assertThat(index.canHandle(query)).isFalse();
		assertThat(index.canHandle(StoreCollection.lifted(query))).isTrue();
	}

	@Test
	void aQueryNamingAnIdBesideOtherFieldsIsAnsweredFromTheIndexOfIds() {
		KeyValueIndex ids = new KeyValueIndex(MVStore.open(null).openMap("ids"), "_id_",
				List.of(new IndexKey("_id", true)), false);
		KeyValueIndex both = new KeyValueIndex(MVStore.open(null).openMap("both"), "id_revision",
				List.of(new IndexKey("_id", true), new IndexKey("revision", true)), false);
		KeyValueIndex regions = new KeyValueIndex(MVStore.open(null).openMap("regions"), "region",
				List.of(new IndexKey("region", true)), false);
		Document conditional = new Document("_id", "a").append("revision", 2L);

		assertThat(StoreCollection.idIndex(conditional, List.of(ids))).isSameAs(ids);
		assertThat(StoreCollection.idIndex(new Document("_id", "a").append("$or", List.of(new Document("n", 1))),
				List.of(ids)))
			.isSameAs(ids);
		// Even where another index names the query's fields: one document is the least
		// to read.
		assertThat(StoreCollection.idIndex(conditional, List.of(both, regions, ids))).isSameAs(ids);
		assertThat(StoreCollection.idIndex(conditional, List.of(both, regions))).isNull();
		// The ID alone is the index's own query; other values are matched against every
		// document, as without this.
		assertThat(StoreCollection.idIndex(new Document("_id", "a"), List.of(ids))).isNull();
		for (Object value : Arrays.asList(null, List.of("a"), new Document("$in", List.of("a")))) {
			assertThat(StoreCollection.idIndex(new Document("_id", value).append("revision", 2L), List.of(ids)))
				.as("%s", value)
				.isNull();
		}
	}

	@Test
	void conditionalWritesHoldWithoutAnIndexOfIdAndRevision() {
		onStore((database) -> {
			MongoCollection<org.bson.Document> jobs = database.getCollection("jobs");
			for (int i = 0; i < 20; i++) {
				jobs.insertOne(
						new org.bson.Document("_id", "job-" + i).append("revision", (long) i % 3).append("n", i));
			}

			assertThat(jobs
				.updateOne(new org.bson.Document("_id", "job-4").append("revision", 1L),
						Updates.combine(Updates.inc("n", 100), Updates.inc("revision", 1L)))
				.getMatchedCount()).isEqualTo(1);
			assertThat(
					jobs.updateOne(new org.bson.Document("_id", "job-4").append("revision", 1L), Updates.inc("n", 100))
						.getMatchedCount())
				.isZero();
			assertThat(jobs
				.updateOne(Filters.and(Filters.eq("_id", "job-5"), Filters.eq("revision", 2L)), Updates.inc("n", 100))
				.getMatchedCount()).isEqualTo(1);
			assertThat(jobs
				.replaceOne(new org.bson.Document("_id", "job-6").append("revision", 1L),
						new org.bson.Document("_id", "job-6").append("revision", 1L))
				.getMatchedCount()).isZero();
			assertThat(ids(jobs, Filters.and(Filters.eq("_id", "job-7"), Filters.gte("n", 7))))
				.containsExactly("job-7");
			assertThat(ids(jobs, Filters.and(Filters.eq("_id", "job-7"), Filters.gt("n", 7)))).isEmpty();
			assertThat(jobs.find(Filters.eq("_id", "job-4")).first().get("n")).isEqualTo(104);
			assertThat(jobs.find(Filters.eq("_id", "job-5")).first().get("n")).isEqualTo(105);
		});
	}

	@Test
	void queriesWithAnAndFindWhatTheSameQueriesFindWithoutIt() {
		onStore((database) -> {
			MongoCollection<org.bson.Document> jobs = database.getCollection("jobs");
			jobs.createIndex(Indexes.ascending("_id", "revision"), new IndexOptions().unique(true));
			jobs.createIndex(Indexes.ascending("region"));
			for (int i = 0; i < 40; i++) {
				jobs.insertOne(new org.bson.Document("_id", "job-" + i).append("revision", (long) i % 3)
					.append("region", "r" + (i % 4))
					.append("n", i));
			}

			// A conditional write that still holds, and one that lost its race.
			assertThat(jobs
				.updateOne(Filters.and(Filters.eq("_id", "job-4"), Filters.eq("revision", 1L)), Updates.inc("n", 100))
				.getMatchedCount()).isEqualTo(1);
			assertThat(jobs
				.updateOne(Filters.and(Filters.eq("_id", "job-5"), Filters.eq("revision", 0L)), Updates.inc("n", 100))
				.getMatchedCount()).isZero();
			assertThat(jobs.find(Filters.eq("_id", "job-4")).first().get("n")).isEqualTo(104);

			List<Bson> pairs = List.of(Filters.and(Filters.eq("region", "r1"), Filters.eq("revision", 2L)),
					Filters.and(Filters.eq("region", "r2"), Filters.gte("n", 10), Filters.lt("n", 30)),
					Filters.and(Filters.eq("region", "r3"), Filters.or(Filters.eq("revision", 0L), Filters.eq("n", 7))),
					Filters.and(Filters.eq("_id", "job-9"), Filters.eq("revision", 0L)));
			List<org.bson.Document> plain = List.of(new org.bson.Document("region", "r1").append("revision", 2L),
					new org.bson.Document("region", "r2").append("n",
							new org.bson.Document("$gte", 10).append("$lt", 30)),
					new org.bson.Document("region", "r3").append("$or",
							List.of(new org.bson.Document("revision", 0L), new org.bson.Document("n", 7))),
					new org.bson.Document("_id", "job-9").append("revision", 0L));
			for (int i = 0; i < pairs.size(); i++) {
				assertThat(ids(jobs, pairs.get(i))).as("%s", pairs.get(i))
					.isEqualTo(ids(jobs, plain.get(i)))
					.isNotEmpty();
			}
			// Values a unique index answers wrongly are matched against every document,
			// as an $or of the same query is.
			MongoCollection<org.bson.Document> shapes = database.getCollection("shapes");
			shapes.createIndex(Indexes.ascending("k"), new IndexOptions().unique(true));
			shapes.insertOne(new org.bson.Document("_id", 1).append("k", List.of()));
			shapes.insertOne(new org.bson.Document("_id", 2).append("k", "xyz"));
			shapes.insertOne(new org.bson.Document("_id", 3).append("k", List.of(1, 2)));
			for (Bson each : List.of(Filters.eq("k", List.of()), Filters.in("k", Pattern.compile("^x")),
					Filters.in("k", List.of(List.of(1, 2))))) {
				assertThat(ids(shapes, Filters.and(each))).as("%s", each)
					.isEqualTo(ids(shapes, Filters.or(each)))
					.hasSize(1);
			}

			// job-4, job-16 and job-28 of the ten in r0.
			assertThat(jobs.deleteMany(Filters.and(Filters.eq("region", "r0"), Filters.eq("revision", 1L)))
				.getDeletedCount()).isEqualTo(3);
			assertThat(jobs.countDocuments(new org.bson.Document("region", "r0"))).isEqualTo(7);
		});
	}

	@Test
	void aQueryNamingTheFieldsOfASecondaryIndexBesideOthersReadsTheDocumentsOfTheSmallestIndexPart() {
		Instant now = Instant.parse("2026-12-06T08:00:00Z");
		SecondaryIndex due = new SecondaryIndex("due_at", List.of(new IndexKey("dueAt", true)), false);
		SecondaryIndex leases = new SecondaryIndex("lease_until", List.of(new IndexKey("leaseUntil", true)), false);
		SecondaryIndex regions = new SecondaryIndex("region", List.of(new IndexKey("region", true)), false);
		List<Map.Entry<Object, Document>> documents = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Document job = new Document("_id", "job-" + i).append("region", "r" + (i % 2))
				.append("dueAt", (i < 6) ? now.minusSeconds(i) : null)
				.append("leaseUntil", (i == 3) ? now.minusSeconds(1) : null);
			documents.add(Map.entry("job-" + i, job));
		}
		due.build(documents);
		leases.build(documents);
		regions.build(documents);
		Document orphans = new Document("dueAt", new Document("$lte", now))
			.append("leaseUntil", new Document("$lt", now))
			.append("region", new Document("$nin", List.of("r9")));

		assertThat(StoreCollection.narrowest(orphans, List.of(due, leases, regions))).containsExactly("job-3");
		assertThat(StoreCollection.narrowest(orphans, List.of(due, regions))).hasSize(6);
		Document dueInRegion = new Document("dueAt", new Document("$lte", now)).append("region", "r1");
		// The region's five documents are fewer than the six due.
		assertThat(StoreCollection.narrowest(dueInRegion, List.of(due, regions))).containsExactlyInAnyOrder("job-1",
				"job-3", "job-5", "job-7", "job-9");
		// The index's own query is answered by the index; a part no index answers, or a
		// query that does not name every field of an index, narrows nothing.
		assertThat(StoreCollection.narrowest(new Document("dueAt", new Document("$lte", now)), List.of(due))).isNull();
		assertThat(StoreCollection.narrowest(
				new Document("dueAt", new Document("$ne", now)).append("region", new Document("$in", List.of("r1"))),
				List.of(due, regions)))
			.isNull();
		SecondaryIndex compound = new SecondaryIndex("region_due",
				List.of(new IndexKey("region", true), new IndexKey("status", true)), false);
		assertThat(StoreCollection.narrowest(dueInRegion, List.of(compound))).isNull();
	}

	@Test
	void queriesNarrowedByAnIndexFindWhatTheSameQueriesFindWithoutIt() {
		onStore((database) -> {
			MongoCollection<org.bson.Document> indexed = database.getCollection("indexed");
			indexed.createIndex(Indexes.ascending("dueAt"));
			indexed.createIndex(Indexes.ascending("leaseUntil"));
			indexed.createIndex(Indexes.ascending("region"));
			MongoCollection<org.bson.Document> plain = database.getCollection("plain");
			Date now = new Date();
			for (int i = 0; i < 60; i++) {
				org.bson.Document job = new org.bson.Document("_id", "job-" + i).append("region", "r" + (i % 3))
					.append("dueAt", (i % 4 == 0) ? null : new Date(now.getTime() + (i - 30) * 1000L))
					.append("leaseUntil", (i % 5 == 0) ? new Date(now.getTime() - i * 1000L) : null)
					.append("n", i);
				if (i % 7 == 0) {
					job.remove("dueAt");
				}
				indexed.insertOne(job);
				plain.insertOne(job);
			}
			indexed.updateOne(Filters.eq("_id", "job-10"), Updates.unset("leaseUntil"));
			plain.updateOne(Filters.eq("_id", "job-10"), Updates.unset("leaseUntil"));
			indexed.deleteOne(Filters.eq("_id", "job-11"));
			plain.deleteOne(Filters.eq("_id", "job-11"));

			List<Bson> queries = List.of(
					Filters.and(Filters.lte("dueAt", now),
							Filters.or(Filters.eq("leaseUntil", null), Filters.lt("leaseUntil", now)),
							Filters.nin("region", List.of("r2")), Filters.nin("_id", List.of("job-1", "job-5"))),
					Filters.and(Filters.lt("leaseUntil", now), Filters.lte("dueAt", now), Filters.gt("n", 3)),
					Filters.and(Filters.eq("region", "r1"), Filters.gte("n", 20)),
					Filters.and(Filters.gt("dueAt", now), Filters.eq("leaseUntil", null)));
			for (Bson query : queries) {
				assertThat(ids(indexed, query)).as("%s", query).isEqualTo(ids(plain, query)).isNotEmpty();
			}
		});
	}

	/** Runs a test against a database of a store of its own. */
	private void onStore(Consumer<MongoDatabase> test) {
		int port = FreePorts.consecutive(1);
		try (MongoStore store = MongoStore.start("jobs", port, this.folder);
				MongoClient client = MongoClients.create("mongodb://" + LocalPlatformSettings.HOST + ":" + port)) {
			test.accept(client.getDatabase("jobs"));
		}
	}

	private static List<Object> ids(MongoCollection<org.bson.Document> collection, Bson query) {
		List<Object> ids = new ArrayList<>();
		collection.find(query).sort(Indexes.ascending("_id")).forEach((document) -> ids.add(document.get("_id")));
		return ids;
	}

}
