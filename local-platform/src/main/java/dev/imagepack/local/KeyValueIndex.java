package dev.imagepack.local;

import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * A unique index kept in an H2 map whose keys are ordered by {@link IndexKeyType}; the
 * values are the positions (the {@code _id} values) of the documents.
 */
final class KeyValueIndex extends AbstractUniqueIndex<Object> {

	private final MVMap<KeyValue, Object> positions;

	private final IndexKeys indexKeys;

	KeyValueIndex(MVMap<KeyValue, Object> positions, String name, List<IndexKey> keys, boolean sparse) {
		super(name, keys, sparse);
		this.positions = positions;
		this.indexKeys = new IndexKeys(keys);
	}

	@Override
	protected List<String> keys() {
		return this.indexKeys.fields();
	}

	@Override
	protected Set<String> keySet() {
		return this.indexKeys.fieldSet();
	}

	@Override
	public Set<KeyValue> getKeyValues(Document document) {
		Set<KeyValue> direct = this.indexKeys.of(document);
		return (direct != null) ? direct : super.getKeyValues(document);
	}

	@Override
	protected Object getPosition(KeyValue key) {
		return this.positions.get(key);
	}

	@Override
	protected boolean putKeyPosition(KeyValue key, Object position) {
		return this.positions.putIfAbsent(key, Missing.ofNullable(position)) == null;
	}

	@Override
	protected Object removeDocument(KeyValue key) {
		return this.positions.remove(key);
	}

	@Override
	protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
		return this.positions.entrySet();
	}

	@Override
	public long getCount() {
		return this.positions.sizeAsLong();
	}

	@Override
	public boolean isEmpty() {
		return this.positions.isEmpty();
	}

	@Override
	public long getDataSize() {
		return getCount();
	}

}
