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
import de.bwaldvogel.mongo.backend.h2.H2Collection;
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
 * ({@code <db>.<collection>._keys_<index>}). Documents and indexes found in the backend's
 * maps ({@code databases.<db>.<collection>} and {@code ._index_<index>}, written by Java
 * serialization) are copied into the new maps when the database opens, and the old maps
 * removed, so files the backend wrote open here.
 */
final class StoreDatabase extends AbstractSynchronizedMongoDatabase<Object> {

	private static final Logger logger = LoggerFactory.getLogger(StoreDatabase.class);

	static final String DOCUMENTS = "documents.";

	private static final String SERIALIZED_DOCUMENTS = "databases.";

	private static final String METADATA = "meta.";

	private static final String INDEX = "._keys_";

	private static final String SERIALIZED_INDEX = "._index_";

	private final MVStore mvStore;

	/**
	 * Namespaces whose documents were kept in BSON before this database opened.
	 */
	private final Set<String> keptInBson = new HashSet<>();

	StoreDatabase(String name, MVStore mvStore, CursorRegistry cursors) {
		super(name, cursors);
		this.mvStore = mvStore;
		initializeNamespacesAndIndexes();
	}

	@Override
	protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
		String namespace = getFullCollectionNamespace(collectionName);
		if (this.mvStore.hasMap(DOCUMENTS + namespace)) {
			this.keptInBson.add(namespace);
		}
		MVMap<Object, Document> documents = this.mvStore.openMap(DOCUMENTS + namespace,
				new MVMap.Builder<Object, Document>().keyType(DocumentIdType.INSTANCE)
					.valueType(DocumentType.INSTANCE));
		String serializedName = SERIALIZED_DOCUMENTS + namespace;
		if (this.mvStore.hasMap(serializedName)) {
			// The new map may hold part of them (an open that stopped halfway), or
			// documents written since an earlier conversion that an earlier local
			// platform,
			// which sees only the old map, cannot have changed: the old map's documents
			// are added to it.
			MVMap<Object, Document> serialized = this.mvStore.openMap(serializedName);
			serialized.forEach(documents::put);
			this.mvStore.removeMap(serialized);
			logger.info("Documents of {} converted: {}", namespace, documents.sizeAsLong());
		}
		MVMap<String, Object> metadata = this.mvStore.openMap(METADATA + namespace);
		return new H2Collection(this, collectionName, options, documents, metadata, this.cursorRegistry);
	}

	@Override
	protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
			boolean sparse) {
		String namespace = getFullCollectionNamespace(collectionName);
		String mapName = namespace + INDEX + indexName;
		MVMap<KeyValue, Object> positions = this.mvStore.openMap(mapName,
				new MVMap.Builder<KeyValue, Object>().keyType(IndexKeyType.INSTANCE));
		String serializedName = namespace + SERIALIZED_INDEX + indexName;
		if (this.mvStore.hasMap(serializedName)) {
			// While the documents are in the old map too, the old map holds the index,
			// and
			// the new one may hold an outdated copy (an earlier local platform, which
			// rebuilds the old map, ran on this file since): it is filled anew. Once the
			// documents were kept in BSON before this open, the old map's keys are added,
			// as the documents are.
			MVMap<KeyValue, Object> serialized = this.mvStore.openMap(serializedName);
			if (!this.keptInBson.contains(namespace)) {
				positions.clear();
			}
			serialized.forEach(positions::put);
			this.mvStore.removeMap(serialized);
			logger.info("Index {} of {} converted: {} keys", indexName, namespace, positions.sizeAsLong());
		}
		return new KeyValueIndex(positions, indexName, keys, sparse);
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
