package dev.imagepack.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * A secondary (not unique) index of the embedded store, which mongo-java-server creates
 * as an index that answers nothing, so that every query on its fields reads every
 * document. This one answers the two kinds of query the services make on such fields:
 * equality on every field of the index with plain values (strings, numbers, booleans,
 * object IDs, dates), and a range of dates ({@code $gt}, {@code $gte}, {@code $lt},
 * {@code $lte}) on an index of one field. Other queries are left to a scan, as before.
 * <p>
 * It is kept in memory and built from the documents when its database opens, so it cannot
 * disagree with what is stored, whichever platform wrote the file last. An entry holds a
 * document's values for the fields, then the document's {@code _id}, which is its
 * position; values no query it answers can match (missing, null, documents, arrays within
 * arrays) are left out. The collection still matches the query against each document the
 * index names, so an index only narrows the documents read.
 */
final class SecondaryIndex extends Index<Object> {

	private static final Set<String> RANGE_OPERATORS = Set.of("$gt", "$gte", "$lt", "$lte");

	private static final String ID = "_id";

	private final NavigableSet<KeyValue> entries = new TreeSet<>(IndexKeyType.INSTANCE);

	private boolean built;

	private boolean usable = true;

	private final IndexKeys indexKeys;

	SecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
		super(name, keys, sparse);
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

	/**
	 * Indexes the documents of a collection, in one pass, where the collection would take
	 * two (one to check every document, one to add it).
	 * @param documents the collection's documents by position
	 * @return how many documents could not be indexed, which leaves the index unused
	 */
	synchronized int build(Iterable<Map.Entry<Object, Document>> documents) {
		int refused = 0;
		for (Map.Entry<Object, Document> document : documents) {
			try {
				add(document.getValue(), document.getKey(), null);
			}
			catch (RuntimeException ex) {
				// Such as parallel arrays, which no write checked before this index
				// existed: the collection's queries read every document instead.
				refused++;
				this.usable = false;
			}
		}
		this.built = true;
		return refused;
	}

	@Override
	public synchronized boolean isEmpty() {
		// Once built, the collection need not add its documents again.
		return !this.built && this.entries.isEmpty();
	}

	@Override
	public @Nullable Object getPosition(Document document) {
		// Positions are the collection's unique index's to give.
		return null;
	}

	@Override
	public synchronized void checkAdd(Document document, MongoCollection<Object> collection) {
		// Refuses, before the write, what cannot be indexed (parallel arrays).
		getKeyValues(document);
	}

	@Override
	public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
		for (KeyValue key : getKeyValues(document)) {
			if (isPlain(key)) {
				this.entries.add(withPosition(key, position));
			}
		}
	}

	@Override
	public synchronized @Nullable Object remove(Document document) {
		Object position = document.get(ID);
		if (position == null) {
			return null;
		}
		for (KeyValue key : getKeyValues(document)) {
			if (isPlain(key)) {
				this.entries.remove(withPosition(key, position));
			}
		}
		return position;
	}

	@Override
	public synchronized void checkUpdate(Document oldDocument, Document newDocument,
			MongoCollection<Object> collection) {
		getKeyValues(newDocument);
	}

	@Override
	public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position,
			MongoCollection<Object> collection) {
		if (!nullAwareEqualsKeys(oldDocument, newDocument)) {
			for (KeyValue key : getKeyValues(oldDocument)) {
				if (isPlain(key)) {
					this.entries.remove(withPosition(key, position));
				}
			}
			add(newDocument, position, collection);
		}
	}

	@Override
	public synchronized boolean canHandle(Document query) {
		if (!this.usable || !query.keySet().equals(keySet())) {
			return false;
		}
		if (keys().size() == 1 && query.get(keys().get(0)) instanceof Document condition) {
			return isDateRange(condition);
		}
		return isPlain(queriedKey(query));
	}

	private static boolean isDateRange(Document condition) {
		if (condition.isEmpty()) {
			return false;
		}
		for (Map.Entry<String, Object> entry : condition.entrySet()) {
			if (!RANGE_OPERATORS.contains(entry.getKey()) || !(entry.getValue() instanceof Instant)) {
				return false;
			}
		}
		return true;
	}

	@Override
	public synchronized Iterable<Object> getPositions(Document query) {
		Set<Object> positions = new LinkedHashSet<>();
		if (keys().size() == 1 && query.get(keys().get(0)) instanceof Document condition) {
			Instant from = Instant.MIN;
			Instant to = Instant.MAX;
			for (Map.Entry<String, Object> entry : condition.entrySet()) {
				Instant bound = (Instant) entry.getValue();
				if (entry.getKey().startsWith("$g") && bound.isAfter(from)) {
					from = bound;
				}
				else if (entry.getKey().startsWith("$l") && bound.isBefore(to)) {
					to = bound;
				}
			}
			// Bounds included either way: the collection's match leaves out what a strict
			// bound excludes.
			for (KeyValue entry : this.entries.tailSet(new KeyValue(from), true)) {
				if (!(entry.get(0) instanceof Instant value) || value.isAfter(to)) {
					break;
				}
				positions.add(entry.get(entry.size() - 1));
			}
			return new ArrayList<>(positions);
		}
		KeyValue queried = queriedKey(query);
		for (KeyValue entry : this.entries.tailSet(queried, true)) {
			if (!startsWith(entry, queried)) {
				break;
			}
			positions.add(entry.get(entry.size() - 1));
		}
		return new ArrayList<>(positions);
	}

	private KeyValue queriedKey(Document query) {
		List<Object> values = new ArrayList<>(keys().size());
		for (String key : keys()) {
			values.add(query.get(key));
		}
		return new KeyValue(values).normalized();
	}

	private static boolean startsWith(KeyValue entry, KeyValue prefix) {
		for (int i = 0; i < prefix.size(); i++) {
			if (IndexKeyType.compareValues(entry.get(i), prefix.get(i)) != 0) {
				return false;
			}
		}
		return true;
	}

	private static boolean isPlain(KeyValue key) {
		for (Object value : key) {
			if (!IndexKeyType.isPlain(value)) {
				return false;
			}
		}
		return true;
	}

	private static KeyValue withPosition(KeyValue key, Object position) {
		List<Object> values = new ArrayList<>(key.size() + 1);
		key.forEach(values::add);
		values.add(position);
		return new KeyValue(values);
	}

	@Override
	public synchronized long getCount() {
		return this.entries.size();
	}

	@Override
	public synchronized long getDataSize() {
		return this.entries.size();
	}

	@Override
	public synchronized void drop() {
		this.entries.clear();
	}

}
