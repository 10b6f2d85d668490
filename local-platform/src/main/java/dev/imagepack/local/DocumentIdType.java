package dev.imagepack.local;

import java.nio.ByteBuffer;

import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * The keys of a collection's documents as H2 stores and orders them: each document's
 * {@code _id}, written and compared like one value of a unique index's key
 * ({@link IndexKeyType}) rather than by H2's default type, which orders an object ID by
 * its Java serialization.
 */
final class DocumentIdType extends BasicDataType<Object> {

	static final DocumentIdType INSTANCE = new DocumentIdType();

	private DocumentIdType() {
	}

	@Override
	public Object[] createStorage(int size) {
		return new Object[size];
	}

	@Override
	public int getMemory(Object id) {
		return 16 + IndexKeyType.memoryOf(id);
	}

	@Override
	public int compare(Object left, Object right) {
		return (left == right) ? 0 : IndexKeyType.compareValues(left, right);
	}

	@Override
	public void write(WriteBuffer buffer, Object id) {
		IndexKeyType.writeValue(buffer, id);
	}

	@Override
	public Object read(ByteBuffer buffer) {
		return IndexKeyType.readValue(buffer);
	}

}
