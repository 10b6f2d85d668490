package dev.imagepack.local;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IndexKeysTests {

	private static final List<IndexKey> COMPOUND = List.of(new IndexKey("packageId", true),
			new IndexKey("versionNumber", true), new IndexKey("leaseUntil", false));

	/**
	 * mongo-java-server's own way of working out keys, which this index does not replace.
	 */
	private static final Index<Object> GENERAL = new EmptyIndex<>("general", COMPOUND);

	@Test
	void aDocumentOfPlainTopLevelValuesGetsTheKeyMongoJavaServerWouldGiveIt() {
		SecondaryIndex secondary = new SecondaryIndex("compound", COMPOUND, false);
		List<Object> values = List.of("pkg-1", 0, -0.0, 0.0, 3, 7L, Long.MAX_VALUE, (1L << 53) + 1, 2.5, Double.NaN,
				true, Instant.parse("2026-12-06T15:00:00Z"), new Date(0), new ObjectId(), UUID.randomUUID(),
				new byte[] { 1, 2 }, Missing.getInstance());
		for (Object first : values) {
			for (Object second : values) {
				Document document = new Document("_id", "job-1").append("packageId", first)
					.append("versionNumber", second)
					.append("other", List.of(1, 2));
				assertThat(secondary.getKeyValues(document)).as("%s, %s", first, second)
					.isEqualTo(GENERAL.getKeyValues(document));
			}
		}
		Document withNull = new Document("packageId", null).append("versionNumber", 4);
		assertThat(secondary.getKeyValues(withNull)).isEqualTo(GENERAL.getKeyValues(withNull));
		assertThat(secondary.getKeyValues(new Document())).isEqualTo(GENERAL.getKeyValues(new Document()));
	}

	@Test
	void arraysDocumentsAndFieldsWithinDocumentsAreLeftToTheGeneralWay() {
		SecondaryIndex secondary = new SecondaryIndex("compound", COMPOUND, false);
		Document arrays = new Document("packageId", List.of("a", "b")).append("versionNumber", 2);
		Document nested = new Document("packageId", new Document("a", 1)).append("versionNumber", 2);
		assertThat(secondary.getKeyValues(arrays)).hasSize(2).isEqualTo(GENERAL.getKeyValues(arrays));
		assertThat(secondary.getKeyValues(nested)).isEqualTo(GENERAL.getKeyValues(nested));

		List<IndexKey> dotted = List.of(new IndexKey("source.region", true));
		SecondaryIndex within = new SecondaryIndex("source_region", dotted, false);
		Document document = new Document("source", new Document("region", "cn-hangzhou"));
		assertThat(within.getKeyValues(document)).isEqualTo(new EmptyIndex<>("general", dotted).getKeyValues(document));
	}

}
