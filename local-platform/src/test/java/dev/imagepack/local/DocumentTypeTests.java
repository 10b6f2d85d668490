package dev.imagepack.local;

import java.nio.ByteBuffer;
import java.util.AbstractList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentTypeTests {

	@Test
	void aDocumentReadsBackEqualToTheOneWritten() {
		Document written = new Document("_id", "job-1").append("revision", 3L)
			.append("attempts", List.of(new Document("number", 1).append("failure", null)))
			.append("ratio", 0.5);

		assertThat(roundTrip(written)).isEqualTo(written);
	}

	@Test
	void aDocumentChangedWhileItIsEncodedIsEncodedAgain() {
		// The server changes a stored document in place; a commit may be encoding it.
		AtomicInteger reads = new AtomicInteger();
		List<String> regions = new AbstractList<>() {

			private final List<String> values = List.of("cn-hangzhou", "cn-shanghai");

			@Override
			public Iterator<String> iterator() {
				read();
				return this.values.iterator();
			}

			@Override
			public String get(int index) {
				read();
				return this.values.get(index);
			}

			@Override
			public int size() {
				read();
				return this.values.size();
			}

			private void read() {
				if (reads.incrementAndGet() == 1) {
					throw new ConcurrentModificationException();
				}
			}

		};
		Document document = new Document("_id", "job-1").append("regions", regions);

		assertThat(roundTrip(document))
			.isEqualTo(new Document("_id", "job-1").append("regions", List.of("cn-hangzhou", "cn-shanghai")));
		assertThat(reads).hasValueGreaterThan(1);
	}

	private static Document roundTrip(Document document) {
		WriteBuffer buffer = new WriteBuffer();
		DocumentType.INSTANCE.write(buffer, document);
		ByteBuffer written = buffer.getBuffer();
		written.flip();
		return DocumentType.INSTANCE.read(written);
	}

}
