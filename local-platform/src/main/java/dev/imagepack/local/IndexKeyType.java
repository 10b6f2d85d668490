package dev.imagepack.local;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.jspecify.annotations.Nullable;

/**
 * The keys of a unique index as H2 stores and orders them. H2's default type orders an
 * object it has no type for by its Java serialization, serializing both sides of every
 * comparison of a B-tree search; index lookups took 40 % of the store's CPU under load.
 * This type writes the values an index key holds after normalization (null, strings,
 * doubles, longs, object IDs, dates and a few more) in a small binary form and compares
 * them directly: by kind first, then by value, so two keys compare equal exactly when
 * they are equal. Any other value (a document or an array in a key) is written, and
 * ordered, by its Java serialization, as before. Dates were among those until secondary
 * indexes ordered them; a date read back from such an earlier key is ordered as a date,
 * which no unique index of the services holds.
 */
final class IndexKeyType extends BasicDataType<KeyValue> {

	static final IndexKeyType INSTANCE = new IndexKeyType();

	private static final byte NULL = 0;

	private static final byte STRING = 1;

	private static final byte DOUBLE = 2;

	private static final byte LONG = 3;

	private static final byte INTEGER = 4;

	private static final byte BOOLEAN = 5;

	private static final byte OBJECT_ID = 6;

	private static final byte SERIALIZED = 7;

	private static final byte INSTANT = 8;

	private IndexKeyType() {
	}

	@Override
	public KeyValue[] createStorage(int size) {
		return new KeyValue[size];
	}

	@Override
	public int getMemory(KeyValue key) {
		int memory = 24 + 16 * key.size();
		for (Object value : key) {
			memory += memoryOf(value);
		}
		return memory;
	}

	@Override
	public int compare(KeyValue left, KeyValue right) {
		if (left == right) {
			return 0;
		}
		int shared = Math.min(left.size(), right.size());
		for (int i = 0; i < shared; i++) {
			int order = compareValues(left.get(i), right.get(i));
			if (order != 0) {
				return order;
			}
		}
		return Integer.compare(left.size(), right.size());
	}

	/**
	 * Orders two values of a key: by kind first, then by value.
	 */
	static int compareValues(Object left, Object right) {
		byte leftKind = kindOf(left);
		byte rightKind = kindOf(right);
		if (leftKind != rightKind) {
			return Byte.compare(leftKind, rightKind);
		}
		return switch (leftKind) {
			case NULL -> 0;
			case STRING -> ((String) left).compareTo((String) right);
			case DOUBLE -> Double.compare((Double) left, (Double) right);
			case LONG -> Long.compare((Long) left, (Long) right);
			case INTEGER -> Integer.compare((Integer) left, (Integer) right);
			case BOOLEAN -> Boolean.compare((Boolean) left, (Boolean) right);
			case OBJECT_ID -> ((ObjectId) left).compareTo((ObjectId) right);
			case INSTANT -> ((Instant) left).compareTo((Instant) right);
			default -> Arrays.compareUnsigned(serialize(left), serialize(right));
		};
	}

	/**
	 * Whether a value is of a kind compared by value rather than by its serialization:
	 * neither null nor a document, an array or a value of a rarer BSON type.
	 */
	static boolean isPlain(@Nullable Object value) {
		byte kind = kindOf(value);
		return kind != NULL && kind != SERIALIZED;
	}

	private static byte kindOf(@Nullable Object value) {
		if (value == null) {
			return NULL;
		}
		// Exact classes: a subclass could compare equal to a value it is not equal to.
		Class<?> type = value.getClass();
		if (type == String.class) {
			return STRING;
		}
		if (type == Double.class) {
			return DOUBLE;
		}
		if (type == Long.class) {
			return LONG;
		}
		if (type == Integer.class) {
			return INTEGER;
		}
		if (type == Boolean.class) {
			return BOOLEAN;
		}
		if (type == ObjectId.class) {
			return OBJECT_ID;
		}
		if (type == Instant.class) {
			return INSTANT;
		}
		return SERIALIZED;
	}

	@Override
	public void write(WriteBuffer buffer, KeyValue key) {
		buffer.putVarInt(key.size());
		for (Object value : key) {
			writeValue(buffer, value);
		}
	}

	/**
	 * Writes one value of a key, its kind first.
	 */
	static void writeValue(WriteBuffer buffer, Object value) {
		byte kind = kindOf(value);
		buffer.put(kind);
		switch (kind) {
			case NULL -> {
			}
			case STRING -> {
				String text = (String) value;
				buffer.putVarInt(text.length()).putStringData(text, text.length());
			}
			case DOUBLE -> buffer.putDouble((Double) value);
			case LONG -> buffer.putLong((Long) value);
			case INTEGER -> buffer.putInt((Integer) value);
			case BOOLEAN -> buffer.put((byte) (((Boolean) value) ? 1 : 0));
			case OBJECT_ID -> buffer.put(((ObjectId) value).toByteArray());
			case INSTANT -> buffer.putLong(((Instant) value).getEpochSecond()).putInt(((Instant) value).getNano());
			default -> {
				byte[] bytes = serialize(value);
				buffer.putVarInt(bytes.length).put(bytes);
			}
		}
	}

	@Override
	public KeyValue read(ByteBuffer buffer) {
		int size = DataUtils.readVarInt(buffer);
		List<Object> values = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			values.add(readValue(buffer));
		}
		return new KeyValue(values);
	}

	/**
	 * Reads one value written by {@link #writeValue}.
	 */
	static Object readValue(ByteBuffer buffer) {
		byte kind = buffer.get();
		return switch (kind) {
			case NULL -> null;
			case STRING -> DataUtils.readString(buffer);
			case DOUBLE -> buffer.getDouble();
			case LONG -> buffer.getLong();
			case INTEGER -> buffer.getInt();
			case BOOLEAN -> buffer.get() != 0;
			case OBJECT_ID -> {
				byte[] bytes = new byte[12];
				buffer.get(bytes);
				yield new ObjectId(bytes);
			}
			case INSTANT -> Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
			case SERIALIZED -> {
				byte[] bytes = new byte[DataUtils.readVarInt(buffer)];
				buffer.get(bytes);
				yield deserialize(bytes);
			}
			default -> throw new IllegalStateException("unknown index key value kind " + kind);
		};
	}

	/**
	 * An estimate of the heap a value of a key takes.
	 */
	static int memoryOf(Object value) {
		if (value instanceof String text) {
			return 40 + text.length();
		}
		return (value != null) ? 24 : 0;
	}

	private static byte[] serialize(Object value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot serialize index key value " + value, ex);
		}
		return bytes.toByteArray();
	}

	private static Object deserialize(byte[] bytes) {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
			return in.readObject();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read an index key value", ex);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("cannot read an index key value", ex);
		}
	}

}
