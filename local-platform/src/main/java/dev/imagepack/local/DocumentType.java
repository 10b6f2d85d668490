package dev.imagepack.local;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Map;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * A collection's documents as H2 stores them: in BSON, as they came over the wire. H2's
 * default type writes a document by Java serialization, an object stream per document of
 * every page a commit writes, and the store commits before it answers each write; that
 * took a third of the store's CPU under the pipeline's load.
 */
final class DocumentType extends BasicDataType<Document> {

	static final DocumentType INSTANCE = new DocumentType();

	private static final int INITIAL_BUFFER = 512;

	private static final int MAX_ENCODING_ATTEMPTS = 1000;

	private DocumentType() {
	}

	@Override
	public Document[] createStorage(int size) {
		return new Document[size];
	}

	@Override
	public int getMemory(Document document) {
		return memoryOf(document);
	}

	/**
	 * An estimate of the heap a value takes, which H2 uses to size its cache and to split
	 * its pages.
	 */
	private static int memoryOf(Object value) {
		if (value instanceof String text) {
			return 40 + text.length();
		}
		if (value instanceof Map<?, ?> map) {
			int memory = 48;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				memory += 32 + memoryOf(entry.getKey()) + memoryOf(entry.getValue());
			}
			return memory;
		}
		if (value instanceof Collection<?> values) {
			int memory = 40;
			for (Object element : values) {
				memory += 8 + memoryOf(element);
			}
			return memory;
		}
		if (value instanceof byte[] bytes) {
			return 16 + bytes.length;
		}
		if (value instanceof BinData data) {
			return 32 + data.getData().length;
		}
		return (value != null) ? 24 : 0;
	}

	/**
	 * Writes a document, encoding it again if it changed while being encoded. The server
	 * updates a stored document by changing the stored object in place to match the new
	 * one and then storing the new object; a commit writing a page of the version before
	 * may be encoding the old object at that moment. What it writes then is superseded:
	 * the update's own commit writes the page with the new object.
	 */
	@Override
	public void write(WriteBuffer buffer, Document document) {
		for (int attempt = 1;; attempt++) {
			ByteBuf bson = Unpooled.buffer(INITIAL_BUFFER);
			try {
				BsonEncoder.encodeDocument(document, bson);
				int length = bson.readableBytes();
				buffer.putVarInt(length).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), length);
				return;
			}
			catch (ConcurrentModificationException ex) {
				if (attempt == MAX_ENCODING_ATTEMPTS) {
					throw ex;
				}
				Thread.onSpinWait();
			}
			finally {
				bson.release();
			}
		}
	}

	@Override
	public Document read(ByteBuffer buffer) {
		int length = DataUtils.readVarInt(buffer);
		ByteBuf bson = Unpooled.wrappedBuffer(buffer.slice(buffer.position(), length));
		buffer.position(buffer.position() + length);
		return BsonDecoder.decodeBson(bson);
	}

}
