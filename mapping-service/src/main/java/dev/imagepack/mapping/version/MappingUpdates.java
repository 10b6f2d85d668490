package dev.imagepack.mapping.version;

import java.time.Instant;
import java.util.Date;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * Applies consumed events to the store, then to the view. The three topics are read by
 * different listener threads, so each write is conditional on the revision it read, and a
 * write that lost a race is tried again on the fresh value. An event that changes
 * nothing, such as a duplicate or a stale progress report, is not written.
 */
@Service
public class MappingUpdates {

	private static final int MAX_CONFLICTS = 20;

	private static final Logger logger = LoggerFactory.getLogger(MappingUpdates.class);

	private final MongoTemplate mongo;

	private final MappingView view;

	private final Lock[] packageLocks = new Lock[64];

	MappingUpdates(MongoTemplate mongo, MappingView view) {
		this.mongo = mongo;
		this.view = view;
		for (int i = 0; i < this.packageLocks.length; i++) {
			this.packageLocks[i] = new ReentrantLock();
		}
	}

	/**
	 * Applies one event to its package.
	 * @param packageId the package
	 * @param eventId the event's {@code ce_id}, for the log
	 * @param eventType the event's type, for the log
	 * @param change what the event does to the package
	 */
	public void apply(String packageId, String eventId, String eventType, UnaryOperator<PackageMapping> change) {
		Lock lock = this.packageLocks[Math.floorMod(packageId.hashCode(), this.packageLocks.length)];
		lock.lock();
		try {
			applyConditionally(packageId, eventId, eventType, change);
		}
		finally {
			lock.unlock();
		}
	}

	private void applyConditionally(String packageId, String eventId, String eventType,
			UnaryOperator<PackageMapping> change) {
		for (int attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
			PackageMapping stored = this.mongo.findById(packageId, PackageMapping.class);
			PackageMapping current = (stored != null) ? stored : PackageMapping.empty(packageId);
			PackageMapping changed = change.apply(current);
			if (changed.sameState(current)) {
				if (stored != null) {
					this.view.update(stored);
				}
				logger.atDebug()
					.addKeyValue("packageId", packageId)
					.addKeyValue("eventId", eventId)
					.addKeyValue("type", eventType)
					.log("Event changed nothing");
				return;
			}
			PackageMapping next = changed.withRevision(current.revision() + 1);
			if (write(stored, next)) {
				this.view.update(next);
				logger.atInfo()
					.addKeyValue("packageId", packageId)
					.addKeyValue("eventId", eventId)
					.addKeyValue("type", eventType)
					.addKeyValue("revision", next.revision())
					.log("Mapping changed");
				return;
			}
			logger.atWarn()
				.addKeyValue("packageId", packageId)
				.addKeyValue("eventId", eventId)
				.addKeyValue("attempt", attempt)
				.log("Mapping changed concurrently; applying the event again");
		}
		throw new OptimisticLockingFailureException(
				"Package " + packageId + " kept changing concurrently; event " + eventId + " was not applied");
	}

	private boolean write(@Nullable PackageMapping stored, PackageMapping next) {
		// Stamped with the time of the write, by which other instances pick the change
		// up.
		Document document = new Document();
		this.mongo.getConverter().write(next, document);
		document.put(MappingView.STORED_AT, Date.from(Instant.now()));
		if (stored == null) {
			try {
				this.mongo.insert(document, MappingView.COLLECTION);
				return true;
			}
			catch (DuplicateKeyException ex) {
				return false;
			}
		}
		Query unchanged = Query
			.query(Criteria.where("_id").is(stored.packageId()).and("revision").is(stored.revision()));
		return this.mongo.replace(unchanged, document, MappingView.COLLECTION).getMatchedCount() == 1;
	}

}
