package dev.imagepack.local;

import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * A collection of the embedded store that also answers from an index a query whose fields
 * come in an {@code $and}. mongo-java-server chooses an index only for a query naming
 * exactly the index's fields at its top level, while the MongoDB driver writes
 * {@code Filters.and(eq("_id", ...), eq("revision", ...))} as {@code {"$and": [{"_id":
 * ...}, {"revision": ...}]}}, which it then answers by reading every document.
 */
final class StoreCollection extends H2Collection {

	private static final String AND = "$and";

	StoreCollection(MongoDatabase database, String collectionName, CollectionOptions options,
			MVMap<Object, Document> documents, MVMap<String, Object> metadata, CursorRegistry cursorRegistry) {
		super(database, collectionName, options, documents, metadata, cursorRegistry);
	}

	@Override
	protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
			Document fieldSelector) {
		return super.queryDocuments(lifted(query), orderBy, numberToSkip, limit, batchSize, fieldSelector);
	}

	/**
	 * The same query with the fields of its {@code $and} lifted to the top level, which
	 * means the same: the fields of a query document must all match, as must the members
	 * of an {@code $and}. Only fields (not operators such as {@code $or}) are lifted, and
	 * only those the query does not name already; the rest stays in the {@code $and}.
	 * @param query a query
	 * @return the query, or a new one with fields lifted
	 */
	static Document lifted(Document query) {
		if (!(query.get(AND) instanceof List<?> members)) {
			return query;
		}
		Document flat = new Document();
		query.forEach((key, value) -> {
			if (!key.equals(AND)) {
				flat.put(key, value);
			}
		});
		List<Object> rest = new ArrayList<>();
		for (Object member : members) {
			Document fields = (member instanceof Document document) ? lifted(document) : null;
			if (fields != null && liftable(fields, flat)) {
				flat.putAll(fields);
			}
			else {
				rest.add(member);
			}
		}
		if (rest.size() == members.size()) {
			return query;
		}
		if (!rest.isEmpty()) {
			flat.put(AND, rest);
		}
		return flat;
	}

	private static boolean liftable(Document member, Document into) {
		if (member.isEmpty()) {
			return false;
		}
		for (String key : member.keySet()) {
			if (key.startsWith("$") || into.containsKey(key)) {
				return false;
			}
		}
		return true;
	}

}
