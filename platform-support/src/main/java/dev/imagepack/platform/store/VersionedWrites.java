package dev.imagepack.platform.store;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import org.bson.Document;

import org.springframework.dao.DataAccessException;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.mapping.MongoPersistentProperty;

/**
 * Stores several entities of a type with a {@code @Version} in one bulk command, each
 * conditional on the version it was read at and with its version advanced, as
 * {@link MongoTemplate#save} stores one. Where many documents change at once, one command
 * costs the store one message and one commit instead of one of each per document.
 * <p>
 * A bulk write reports how many documents it matched, not which: when not all did, the
 * caller cannot tell which entities were stored and reads them again.
 */
public final class VersionedWrites {

	private VersionedWrites() {
	}

	/**
	 * Stores the entities, each replacing its document if that is still at the version
	 * the entity was read at. Each entity's version is advanced first, as a save advances
	 * it.
	 * @param mongo the template whose converter and collection to use
	 * @param type the entities' type
	 * @param entities the entities, all stored before and read since
	 * @param <T> the type
	 * @return whether every entity was stored; if not, any of them may have been
	 * @throws IllegalArgumentException if the type has no version or an entity was never
	 * stored
	 * @throws DataAccessException if the store failed
	 */
	public static <T> boolean replaceAll(MongoTemplate mongo, Class<T> type, List<? extends T> entities) {
		if (entities.isEmpty()) {
			return true;
		}
		MongoPersistentEntity<?> entity = mongo.getConverter().getMappingContext().getRequiredPersistentEntity(type);
		MongoPersistentProperty version = entity.getVersionProperty();
		if (version == null) {
			throw new IllegalArgumentException(type.getName() + " has no @Version property");
		}
		List<ReplaceOneModel<Document>> replacements = new ArrayList<>(entities.size());
		for (T stored : entities) {
			PersistentPropertyAccessor<T> accessor = entity.getPropertyAccessor(stored);
			Object read = accessor.getProperty(version);
			if (!(read instanceof Number readVersion)) {
				throw new IllegalArgumentException("A " + type.getSimpleName() + " without a version was never stored");
			}
			accessor.setProperty(version, next(readVersion, version.getType()));
			Document document = new Document();
			mongo.getConverter().write(stored, document);
			replacements.add(new ReplaceOneModel<>(
					new Document("_id", document.get("_id")).append(version.getFieldName(), read), document));
		}
		try {
			BulkWriteResult result = mongo.getCollection(mongo.getCollectionName(type))
				.bulkWrite(replacements, new BulkWriteOptions().ordered(false));
			return result.getMatchedCount() == entities.size();
		}
		catch (MongoException ex) {
			DataAccessException translated = mongo.getExceptionTranslator().translateExceptionIfPossible(ex);
			throw (translated != null) ? translated : ex;
		}
	}

	private static Number next(Number version, Class<?> type) {
		if (type == Integer.class || type == int.class) {
			return version.intValue() + 1;
		}
		if (type == Long.class || type == long.class) {
			return version.longValue() + 1;
		}
		throw new IllegalArgumentException("Versions of type " + type.getName() + " are not supported");
	}

}
