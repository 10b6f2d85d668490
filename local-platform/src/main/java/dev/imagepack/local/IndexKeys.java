package dev.imagepack.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * An index's key of a document, worked out directly where mongo-java-server's
 * {@code Index.getKeyValues} takes the general way: its fields at the document's top
 * level, none of their values an array or a document. mongo-java-server's way splits each
 * field's path with a regular expression and builds streams and maps for every index of
 * every written document, and an update asks each index for the keys of the old and the
 * new document several times: in the services' writes it was a third of an update's cost.
 * The key is the one mongo-java-server builds: the values in the index's order, a missing
 * value or {@code null} as {@code null}, a number as a {@code Double} ({@code -0.0} as
 * {@code 0.0}) unless it is a {@code Long} a {@code Double} cannot hold, other values as
 * they are. The index's fields are listed once, where mongo-java-server lists them anew
 * with a stream whenever it asks for them.
 */
final class IndexKeys {

	private final List<String> fields;

	private final Set<String> fieldSet;

	private final boolean direct;

	IndexKeys(List<IndexKey> keys) {
		List<String> names = new ArrayList<>(keys.size());
		boolean topLevel = true;
		for (IndexKey key : keys) {
			String name = key.getKey();
			names.add(name);
			topLevel &= !name.isEmpty() && name.indexOf('.') < 0 && !name.startsWith("$");
		}
		this.fields = List.copyOf(names);
		this.fieldSet = Collections.unmodifiableSet(new LinkedHashSet<>(names));
		this.direct = topLevel;
	}

	/**
	 * The index's fields, in its order.
	 * @return the fields
	 */
	List<String> fields() {
		return this.fields;
	}

	/**
	 * The index's fields as a set, in its order.
	 * @return the fields
	 */
	Set<String> fieldSet() {
		return this.fieldSet;
	}

	/**
	 * The document's key, where it can be worked out directly.
	 * @param document a document
	 * @return its one key, or {@code null} where the general way must work it out (a
	 * field within a document, a value that is an array or a document)
	 */
	@Nullable Set<KeyValue> of(Document document) {
		if (!this.direct) {
			return null;
		}
		Object[] values = new Object[this.fields.size()];
		for (int i = 0; i < values.length; i++) {
			Object value = document.getOrMissing(this.fields.get(i));
			if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
				return null;
			}
			values[i] = normalized(value);
		}
		return Set.of(new KeyValue(values));
	}

	private static @Nullable Object normalized(@Nullable Object value) {
		if (Missing.isNullOrMissing(value)) {
			return null;
		}
		if (value instanceof Long whole && whole.longValue() != (long) whole.doubleValue()) {
			return whole;
		}
		if (value instanceof Number number) {
			double real = number.doubleValue();
			// Both zeros are one key.
			return (real == 0.0) ? Double.valueOf(0.0) : Double.valueOf(real);
		}
		return value;
	}

}
