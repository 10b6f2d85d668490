package dev.imagepack.mapping.version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>
 * The packages this instance wrote last are kept as written, and the next change of one
 * starts from that copy instead of reading it back: the write, conditional on the
 * revision, fails if another instance changed the package meanwhile, and the change is
 * then made again on the stored value. A change that leaves the kept copy as it is is
 * checked against the store, since the copy may be outdated.
 */
@Service
public class MappingUpdates {

	private static final int MAX_CONFLICTS = 20;

	private static final int KEPT_AS_WRITTEN = 256;

	private static final Logger logger = LoggerFactory.getLogger(MappingUpdates.class);

	private final MongoTemplate mongo;

	private final MappingView view;

	private final Lock[] packageLocks = new Lock[64];

	private final Map<String, PackageMapping> lastWritten = Collections
		.synchronizedMap(new LinkedHashMap<>(KEPT_AS_WRITTEN, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, PackageMapping> eldest) {
				return size() > KEPT_AS_WRITTEN;
			}

		});

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

	/**
	 * Applies the events of one batch, in order, with one write per package. Stops a
	 * package at its first event that fails, and every package at the first write that
	 * fails; what was applied is stored either way.
	 * @param changes the events, in the order they were consumed
	 * @return the first change that failed, or empty if all were applied
	 */
	public Optional<FailedChange> applyAll(List<Change> changes) {
		Map<String, List<Change>> byPackage = new LinkedHashMap<>();
		for (Change change : changes) {
			byPackage.computeIfAbsent(change.packageId(), (id) -> new ArrayList<>()).add(change);
		}
		FailedChange first = null;
		for (List<Change> ofPackage : byPackage.values()) {
			FailedChange failed = applyToPackage(ofPackage);
			if (failed != null && (first == null || failed.change().index() < first.change().index())) {
				first = failed;
			}
			if (failed != null && failed.inStore()) {
				// The packages after this one are left to the retry, which starts here.
				break;
			}
		}
		return Optional.ofNullable(first);
	}

	private @Nullable FailedChange applyToPackage(List<Change> changes) {
		String packageId = changes.get(0).packageId();
		Lock lock = this.packageLocks[Math.floorMod(packageId.hashCode(), this.packageLocks.length)];
		lock.lock();
		try {
			for (int attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
				PackageMapping kept = (attempt == 1) ? this.lastWritten.get(packageId) : null;
				PackageMapping stored = (kept != null) ? kept : this.mongo.findById(packageId, PackageMapping.class);
				PackageMapping current = (stored != null) ? stored : PackageMapping.empty(packageId);
				PackageMapping changed = current;
				FailedChange failed = null;
				for (Change change : changes) {
					try {
						changed = change.change().apply(changed);
					}
					catch (RuntimeException ex) {
						failed = new FailedChange(change, ex, false);
						break;
					}
				}
				if (changed.sameState(current)) {
					if (kept != null) {
						continue;
					}
					if (stored != null) {
						this.view.update(stored);
					}
					return failed;
				}
				PackageMapping next = changed.withRevision(current.revision() + 1);
				if (write(stored, next)) {
					this.view.update(next);
					logger.atInfo()
						.addKeyValue("packageId", packageId)
						.addKeyValue("events", changes.size())
						.addKeyValue("lastEventId", changes.get(changes.size() - 1).eventId())
						.addKeyValue("revision", next.revision())
						.log("Mapping changed");
					return failed;
				}
				logger.atWarn()
					.addKeyValue("packageId", packageId)
					.addKeyValue("attempt", attempt)
					.log("Mapping changed concurrently; applying the events again");
			}
			return new FailedChange(changes.get(0), new OptimisticLockingFailureException(
					"Package " + packageId + " kept changing concurrently; its events were not applied"), true);
		}
		catch (RuntimeException ex) {
			return new FailedChange(changes.get(0), ex, true);
		}
		finally {
			lock.unlock();
		}
	}

	private void applyConditionally(String packageId, String eventId, String eventType,
			UnaryOperator<PackageMapping> change) {
		for (int attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
			PackageMapping kept = (attempt == 1) ? this.lastWritten.get(packageId) : null;
			PackageMapping stored = (kept != null) ? kept : this.mongo.findById(packageId, PackageMapping.class);
			PackageMapping current = (stored != null) ? stored : PackageMapping.empty(packageId);
			PackageMapping changed = change.apply(current);
			if (changed.sameState(current)) {
				if (kept != null) {
					continue;
				}
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

	/**
	 * One event of a batch.
	 *
	 * @param index its place in the batch
	 * @param packageId the package
	 * @param eventId the event's {@code ce_id}, for the log
	 * @param change what the event does to the package
	 */
	public record Change(int index, String packageId, String eventId, UnaryOperator<PackageMapping> change) {

	}

	/**
	 * The first event of a batch that could not be applied, and why.
	 *
	 * @param change the event
	 * @param cause what failed
	 * @param inStore whether the store failed, before the event could be applied, rather
	 * than the event itself
	 */
	public record FailedChange(Change change, RuntimeException cause, boolean inStore) {

	}

	/**
	 * Writes the package if it is still as read, and keeps it as written.
	 */
	private boolean write(@Nullable PackageMapping stored, PackageMapping next) {
		this.lastWritten.remove(next.packageId());
		boolean written = writeIfUnchanged(stored, next);
		if (written) {
			this.lastWritten.put(next.packageId(), next);
		}
		return written;
	}

	private boolean writeIfUnchanged(@Nullable PackageMapping stored, PackageMapping next) {
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
