package dev.imagepack.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.MVMap;
import org.jspecify.annotations.Nullable;

/**
 * A collection of the embedded store that answers more queries from an index than
 * mongo-java-server does. It chooses an index only for a query naming exactly the index's
 * fields at its top level, so a conditional write matching {@code _id} and
 * {@code revision} read every document unless an index of both fields was kept up to date
 * with every write; and the MongoDB driver writes
 * {@code Filters.and(eq("_id", ...), eq("revision", ...))} as {@code {"$and": [{"_id":
 * ...}, {"revision": ...}]}}, which no index answered. Here the fields of such an
 * {@code $and} are lifted to the top level, and a query naming {@code _id} with a plain
 * value reads the one document of that ID and matches the rest of the query against it. A
 * query that names the fields of a secondary index beside others reads the documents that
 * index names for its fields, not every document.
 */
final class StoreCollection extends H2Collection {

	private static final String AND = "$and";

	private static final String ID = "_id";

	StoreCollection(MongoDatabase database, String collectionName, CollectionOptions options,
			MVMap<Object, Document> documents, MVMap<String, Object> metadata, CursorRegistry cursorRegistry) {
		super(database, collectionName, options, documents, metadata, cursorRegistry);
	}

	/**
	 * Not kept up to date with every write: mongo-java-server would encode the whole
	 * document on every insert and delete, the old and the new on every update, and write
	 * the running total to the collection's metadata, which then went into every commit
	 * of the store's file; nearly a fifth of an update's cost, for a figure only
	 * statistics commands read. {@link #getDataSize()} works it out when asked.
	 */
	@Override
	protected boolean tracksDataSize() {
		return false;
	}

	/**
	 * The size of the collection's documents encoded, as statistics commands report it,
	 * worked out from every document.
	 */
	@Override
	protected int getDataSize() {
		ByteBuf buffer = Unpooled.buffer();
		try {
			return streamAllDocumentsWithPosition().mapToInt((stored) -> {
				buffer.clear();
				BsonEncoder.encodeDocument(stored.getDocument(), buffer);
				return buffer.writerIndex();
			}).sum();
		}
		finally {
			buffer.release();
		}
	}

	@Override
	protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
			Document fieldSelector) {
		Document lifted = lifted(query);
		Index<Object> ids = idIndex(lifted, getIndexes());
		if (ids != null) {
			return matchDocuments(lifted, ids.getPositions(new Document(ID, lifted.get(ID))), orderBy, numberToSkip,
					limit, batchSize, fieldSelector);
		}
		for (Index<Object> index : getIndexes()) {
			if (index.canHandle(lifted)) {
				return super.queryDocuments(lifted, orderBy, numberToSkip, limit, batchSize, fieldSelector);
			}
		}
		Iterable<Object> narrowed = narrowest(lifted, getIndexes());
		if (narrowed != null) {
			return matchDocuments(lifted, narrowed, orderBy, numberToSkip, limit, batchSize, fieldSelector);
		}
		return super.queryDocuments(lifted, orderBy, numberToSkip, limit, batchSize, fieldSelector);
	}

	/**
	 * The documents a secondary index names for part of a query, where no index answers
	 * the whole of it: the fields of the index, at the query's top level, beside others
	 * (an {@code $or}, a condition no index answers). The query as a whole must match, so
	 * it can match only documents the part matches, and the collection matches the whole
	 * query against each of them. Where several indexes answer a part, the one naming the
	 * fewest documents is taken.
	 * @param query a query, its {@code $and} lifted
	 * @param indexes the collection's indexes
	 * @return the positions of the documents to match the query against, or {@code null}
	 * to read every document
	 */
	static @Nullable Iterable<Object> narrowest(Document query, List<Index<Object>> indexes) {
		List<Object> narrowest = null;
		for (Index<Object> index : indexes) {
			Document part = (index instanceof SecondaryIndex) ? part(query, index.getKeys()) : null;
			if (part != null && index.canHandle(part)) {
				List<Object> positions = new ArrayList<>();
				index.getPositions(part).forEach(positions::add);
				if (narrowest == null || positions.size() < narrowest.size()) {
					narrowest = positions;
				}
			}
		}
		return narrowest;
	}

	/**
	 * The fields of a query that an index names, if the query names them all at its top
	 * level, and more besides.
	 */
	private static @Nullable Document part(Document query, List<IndexKey> keys) {
		if (keys.size() >= query.size()) {
			return null;
		}
		Document part = new Document();
		for (IndexKey key : keys) {
			if (!query.containsKey(key.getKey())) {
				return null;
			}
			part.put(key.getKey(), query.get(key.getKey()));
		}
		return part;
	}

	/**
	 * The index of IDs, if the query names an ID with a plain value (the unique index
	 * answers other values wrongly) beside other fields: the one document of that ID is
	 * all such a query can match.
	 * @param query a query, its {@code $and} lifted
	 * @param indexes the collection's indexes
	 * @return the index of IDs to read the query's document from, or {@code null}
	 */
	static @Nullable Index<Object> idIndex(Document query, List<Index<Object>> indexes) {
		if (query.size() < 2 || !IndexKeyType.isPlain(query.get(ID))) {
			return null;
		}
		for (Index<Object> index : indexes) {
			if (index.getKeys().size() == 1 && index.getKeys().get(0).getKey().equals(ID)) {
				return index;
			}
		}
		return null;
	}

	/**
	 * The same query with the fields of its {@code $and} lifted to the top level, which
	 * means the same: the fields of a query document must all match, as must the members
	 * of an {@code $and}. Only an {@code $and} of fields alone, each equal to a plain
	 * value (a string, number, boolean, object ID or date; no operator such as
	 * {@code $or} or {@code $in}, no field the query names already), is lifted, and then
	 * whole, so that the fields are still matched in the order the query gives them: a
	 * cheap condition the client put first still spares an expensive one after it.
	 * mongo-java-server's unique indexes answer other values (arrays, {@code null},
	 * conditions) wrongly, which a query in an {@code $and} would otherwise meet.
	 * @param query a query
	 * @return the query, or a new one with the fields lifted
	 */
	static Document lifted(Document query) {
		if (!(query.get(AND) instanceof List<?> members) || members.isEmpty()) {
			return query;
		}
		Document fields = new Document();
		for (Object member : members) {
			Document lifted = (member instanceof Document document) ? lifted(document) : null;
			if (lifted == null || !liftable(lifted, fields) || !liftable(lifted, query)) {
				return query;
			}
			fields.putAll(lifted);
		}
		// In the query's order, the fields of the $and where it stood.
		Document flat = new Document();
		query.forEach((key, value) -> {
			if (key.equals(AND)) {
				flat.putAll(fields);
			}
			else {
				flat.put(key, value);
			}
		});
		return flat;
	}

	private static boolean liftable(Document member, Document beside) {
		if (member.isEmpty()) {
			return false;
		}
		for (Map.Entry<String, Object> field : member.entrySet()) {
			if (field.getKey().startsWith("$") || beside.containsKey(field.getKey())
					|| !IndexKeyType.isPlain(field.getValue())) {
				return false;
			}
		}
		return true;
	}

}
