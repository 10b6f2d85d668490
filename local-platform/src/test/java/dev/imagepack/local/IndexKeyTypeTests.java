package dev.imagepack.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IndexKeyTypeTests {

	private static final List<KeyValue> KEYS = List.of(new KeyValue((Object) null), new KeyValue("job-1"),
			new KeyValue("job-2"), new KeyValue("ジョブ"), new KeyValue(""), new KeyValue(3.0), new KeyValue(-0.5),
			new KeyValue(Double.NaN), new KeyValue(9_007_199_254_740_993L), new KeyValue(7), new KeyValue(true),
			new KeyValue(false), new KeyValue(new ObjectId("5f0c2a9b8e4d3c2b1a090807")),
			new KeyValue(new Document("region", "cn-hangzhou").append("attempt", 2.0)), new KeyValue("job-1", 4.0),
			new KeyValue("job-1", 5.0), new KeyValue("job-1", null), new KeyValue(List.of("a", "b")),
			new KeyValue(Instant.parse("2026-12-05T10:00:00.123456789Z")),
			new KeyValue(Instant.parse("1969-07-20T20:17:40Z")),
			new KeyValue("job-1", Instant.parse("2026-12-05T10:00:00Z")));

	@Test
	void everyKindOfKeyReadsBackEqualToTheKeyWritten() {
		WriteBuffer buffer = new WriteBuffer();
		for (KeyValue key : KEYS) {
			IndexKeyType.INSTANCE.write(buffer, key);
		}
		var bytes = buffer.getBuffer().flip();
		List<KeyValue> read = new ArrayList<>();
		for (int i = 0; i < KEYS.size(); i++) {
			read.add(IndexKeyType.INSTANCE.read(bytes));
		}
		assertThat(read).isEqualTo(KEYS);
		assertThat(bytes.hasRemaining()).isFalse();
	}

	@Test
	void keysCompareEqualExactlyWhenTheyAreEqual() {
		for (KeyValue left : KEYS) {
			for (KeyValue right : KEYS) {
				KeyValue copy = new KeyValue(right.stream().toList());
				assertThat(IndexKeyType.INSTANCE.compare(left, copy) == 0).as("%s against %s", left, right)
					.isEqualTo(left.equals(copy));
			}
		}
		// A long and a double of the same number are different keys, as they are not
		// equal.
		assertThat(IndexKeyType.INSTANCE.compare(new KeyValue(7L), new KeyValue(7.0))).isNotZero();
	}

	@Test
	void theOrderIsATotalOrder() {
		for (KeyValue a : KEYS) {
			for (KeyValue b : KEYS) {
				int ab = IndexKeyType.INSTANCE.compare(a, b);
				assertThat(Integer.signum(ab)).isEqualTo(-Integer.signum(IndexKeyType.INSTANCE.compare(b, a)));
				for (KeyValue c : KEYS) {
					if (ab < 0 && IndexKeyType.INSTANCE.compare(b, c) < 0) {
						assertThat(IndexKeyType.INSTANCE.compare(a, c)).as("%s < %s < %s", a, b, c).isNegative();
					}
				}
			}
		}
		assertThat(IndexKeyType.INSTANCE.compare(new KeyValue("job-1", 4.0), new KeyValue("job-1", 5.0))).isNegative();
		assertThat(IndexKeyType.INSTANCE.compare(new KeyValue("job-1"), new KeyValue("job-1", 5.0))).isNegative();
		assertThat(IndexKeyType.INSTANCE.compare(new KeyValue(Instant.parse("1969-07-20T20:17:40Z")),
				new KeyValue(Instant.parse("2026-12-05T10:00:00Z"))))
			.isNegative();
	}

}
