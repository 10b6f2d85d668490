package dev.imagepack.platform.store;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.index.IndexOperations;

/**
 * Drops the {@link RetiredIndex retired indexes} a store still holds, once, when the
 * service starts. A store that cannot be reached then keeps them until the next start:
 * they cost writes, not correctness.
 */
public class RetiredIndexes implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(RetiredIndexes.class);

	private final MongoOperations mongo;

	private final List<RetiredIndex> retired;

	public RetiredIndexes(MongoOperations mongo, List<RetiredIndex> retired) {
		this.mongo = mongo;
		this.retired = List.copyOf(retired);
	}

	@Override
	public void afterSingletonsInstantiated() {
		dropAll();
	}

	/**
	 * Drops every retired index the store holds.
	 * @return how many were dropped
	 */
	public int dropAll() {
		int dropped = 0;
		for (RetiredIndex index : this.retired) {
			try {
				if (!this.mongo.collectionExists(index.collection())) {
					continue;
				}
				IndexOperations indexes = this.mongo.indexOps(index.collection());
				if (indexes.getIndexInfo().stream().anyMatch((info) -> info.getName().equals(index.name()))) {
					indexes.dropIndex(index.name());
					dropped++;
					logger.atInfo()
						.addKeyValue("collection", index.collection())
						.addKeyValue("index", index.name())
						.log("Retired index dropped");
				}
			}
			catch (RuntimeException ex) {
				logger.atWarn()
					.addKeyValue("collection", index.collection())
					.addKeyValue("index", index.name())
					.setCause(ex)
					.log("Retired index not dropped; tried again at the next start");
			}
		}
		return dropped;
	}

}
