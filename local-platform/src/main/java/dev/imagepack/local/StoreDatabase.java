package dev.imagepack.local;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database of the embedded store in an H2 MVStore, laid out as mongo-java-server's H2
 * backend lays it out (one map of documents and one of collection metadata per
 * collection), except for the types of what it stores: documents are kept in BSON
 * ({@link DocumentType}) under their {@code _id} ({@link DocumentIdType}), in
 * {@code documents.<db>.<collection>}, and the keys of unique indexes are stored and
 * ordered by {@link IndexKeyType} in maps of their own
 * ({@code <db>.<collection>._unique_<index>}). Secondary indexes, which the backend
 * leaves unimplemented, are kept in memory and built when the database opens
 * ({@link SecondaryIndex}).
 * <p>
 * A collection found in an earlier layout (documents in
 * {@code databases.<db>.<collection>} by Java serialization, indexes in
 * {@code ._index_<index>} or {@code ._keys_<index>}) is converted when the database
 * opens, and the earlier maps removed. An earlier local platform then finds none of its
 * maps, and sees the folder as empty rather than as keys without documents; what it
 * writes there is left in its own maps and not read here.
 */
final class StoreDatabase extends AbstractSynchronizedMongoDatabase<Object> {

	private static final Logger logger = LoggerFactory.getLogger(StoreDatabase.class);

	static final String DOCUMENTS = "documents.";

	private static final String SERIALIZED_DOCUMENTS = "databases.";

	private static final String METADATA = "meta.";

	private static final String INDEX = "._unique_";

	/** Unique indexes of the layout before documents were kept in BSON. */
	private static final String KEYED_INDEX = "._keys_";

	/** Unique indexes of mongo-java-server's H2 backend. */
	private static final String SERIALIZED_INDEX = "._index_";

	private final MVStore mvStore;

	/**
	 * Namespaces whose documents this open converted: their indexes are converted with
	 * them.
	 */
	private final Set<String> converted = new HashSet<>();

	StoreDatabase(String name, MVStore mvStore, CursorRegistry cursors) {
		super(name, cursors);
		this.mvStore = mvStore;
		initializeNamespacesAndIndexes();
	}

	@Override
	protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
		String namespace = getFullCollectionNamespace(collectionName);
		boolean keptInBson = this.mvStore.hasMap(DOCUMENTS + namespace);
		MVMap<Object, Document> documents = documents(namespace);
		String serializedName = SERIALIZED_DOCUMENTS + namespace;
		if (this.mvStore.hasMap(serializedName)) {
			if (keptInBson) {
				// Written by an earlier local platform, which sees a converted folder as
				// empty, after the conversion: two histories that cannot be merged.
				logger.warn("{} holds documents that an earlier local platform wrote after {} was converted; "
						+ "they are left there and not read", serializedName, namespace);
			}
			else {
				// A conversion is committed as a whole (MongoStore), so a documents map
				// that exists is complete.
				MVMap<Object, Document> serialized = this.mvStore.openMap(serializedName);
				serialized.forEach(documents::put);
				this.mvStore.removeMap(serialized);
				this.converted.add(namespace);
				logger.info("Documents of {} converted: {}", namespace, documents.sizeAsLong());
			}
		}
		MVMap<String, Object> metadata = this.mvStore.openMap(METADATA + namespace);
		return new StoreCollection(this, collectionName, options, documents, metadata, this.cursorRegistry);
	}

	/**
	 * A collection's documents in BSON by {@code _id}: the map MVStore has open, or a new
	 * one.
	 */
	private MVMap<Object, Document> documents(String namespace) {
		return this.mvStore.openMap(DOCUMENTS + namespace,
				new MVMap.Builder<Object, Document>().keyType(DocumentIdType.INSTANCE)
					.valueType(DocumentType.INSTANCE));
	}

	@Override
	protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
			boolean sparse) {
		String namespace = getFullCollectionNamespace(collectionName);
		MVMap<KeyValue, Object> positions = this.mvStore.openMap(namespace + INDEX + indexName,
				new MVMap.Builder<KeyValue, Object>().keyType(IndexKeyType.INSTANCE));
		if (this.converted.contains(namespace)) {
			// The index goes with the documents it was converted from. Where both earlier
			// maps exist, the backend's own ran last (it rebuilds its map and ignores the
			// other), so it holds the index.
			String serializedName = namespace + SERIALIZED_INDEX + indexName;
			String keyedName = namespace + KEYED_INDEX + indexName;
			MVMap<KeyValue, Object> earlier = this.mvStore.hasMap(serializedName) ? this.mvStore.openMap(serializedName)
					: this.mvStore.hasMap(keyedName) ? this.mvStore.openMap(keyedName,
							new MVMap.Builder<KeyValue, Object>().keyType(IndexKeyType.INSTANCE)) : null;
			if (earlier != null) {
				positions.clear();
				earlier.forEach(positions::put);
				logger.info("Index {} of {} converted: {} keys", indexName, namespace, positions.sizeAsLong());
			}
			removeIfPresent(serializedName);
			removeIfPresent(keyedName);
		}
		return new KeyValueIndex(positions, indexName, keys, sparse);
	}

	@Override
	protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
			boolean sparse) {
		String namespace = getFullCollectionNamespace(collectionName);
		SecondaryIndex index = new SecondaryIndex(indexName, keys, sparse);
		MongoCollection<Object> collection = resolveCollection(collectionName, false);
		if (collection != null
				&& collection.getIndexes().stream().anyMatch((open) -> open.getName().equals(indexName))) {
			// Asked to create an index that exists (as services do when they start): the
			// collection keeps the one it has and drops this one, so it is not built.
			return index;
		}
		long started = System.nanoTime();
		// The collection's own map, open since the collection is.
		MVMap<Object, Document> documents = documents(namespace);
		int refused = index.build(documents.entrySet());
		if (refused > 0) {
			logger.warn("Index {} of {} left unused: {} documents cannot be indexed by it", indexName, namespace,
					refused);
		}
		logger.debug("Index {} of {} built from {} documents in {} ms", indexName, namespace, documents.sizeAsLong(),
				(System.nanoTime() - started) / 1_000_000);
		return index;
	}

	@Override
	protected void dropIndex(MongoCollection<Object> collection, String indexName) {
		super.dropIndex(collection, indexName);
		String mapName = getFullCollectionNamespace(collection.getCollectionName()) + INDEX + indexName;
		if (this.mvStore.hasMap(mapName)) {
			this.mvStore.removeMap(mapName);
		}
	}

	@Override
	public void drop(Oplog oplog) {
		super.drop(oplog);
		String name = getDatabaseName();
		this.mvStore.getMapNames()
			.stream()
			.filter((map) -> map.startsWith(name + ".") || map.startsWith(DOCUMENTS + name + ".")
					|| map.startsWith(SERIALIZED_DOCUMENTS + name + ".") || map.startsWith(METADATA + name + "."))
			.toList()
			.forEach(this.mvStore::removeMap);
	}

	@Override
	public void dropCollection(String collectionName, Oplog oplog) {
		super.dropCollection(collectionName, oplog);
		String namespace = getFullCollectionNamespace(collectionName);
		removeIfPresent(DOCUMENTS + namespace);
		removeIfPresent(SERIALIZED_DOCUMENTS + namespace);
		removeIfPresent(METADATA + namespace);
	}

	@Override
	public void moveCollection(MongoDatabase from, MongoCollection<?> collection, String newCollectionName) {
		String namespace = collection.getFullName();
		super.moveCollection(from, collection, newCollectionName);
		String newNamespace = getFullCollectionNamespace(newCollectionName);
		renameIfPresent(DOCUMENTS + namespace, DOCUMENTS + newNamespace);
		renameIfPresent(METADATA + namespace, METADATA + newNamespace);
		String indexes = namespace + INDEX;
		for (String map : List.copyOf(this.mvStore.getMapNames())) {
			if (map.startsWith(indexes)) {
				renameIfPresent(map, newNamespace + INDEX + map.substring(indexes.length()));
			}
		}
	}

	private void renameIfPresent(String mapName, String newName) {
		if (this.mvStore.hasMap(mapName)) {
			this.mvStore.renameMap(this.mvStore.openMap(mapName), newName);
		}
	}

	private void removeIfPresent(String mapName) {
		if (this.mvStore.hasMap(mapName)) {
			this.mvStore.removeMap(mapName);
		}
	}

	@Override
	protected long getStorageSize() {
		FileStore<?> file = this.mvStore.getFileStore();
		return (file != null) ? file.size() : 0;
	}

	@Override
	protected long getFileSize() {
		return getStorageSize();
	}

}
