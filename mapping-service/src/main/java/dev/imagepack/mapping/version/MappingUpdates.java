package dev.imagepack.mapping.version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
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
	 * Applies the events of one batch, in order, with one write per package, the packages
	 * read together and written together. Stops a package at its first event that fails;
	 * a package whose write lost a race is applied again alone, as is one whose kept copy
	 * the events left unchanged. What was applied is stored either way.
	 * @param changes the events, in the order they were consumed
	 * @return the first change that failed, or empty if all were applied
	 */
	public Optional<FailedChange> applyAll(List<Change> changes) {
		Map<String, List<Change>> byPackage = new LinkedHashMap<>();
		for (Change change : changes) {
			byPackage.computeIfAbsent(change.packageId(), (id) -> new ArrayList<>()).add(change);
		}
		List<Lock> locks = locksOf(byPackage.keySet());
		locks.forEach(Lock::lock);
		try {
			return Optional.ofNullable(applyTogether(byPackage));
		}
		finally {
			for (int i = locks.size() - 1; i >= 0; i--) {
				locks.get(i).unlock();
			}
		}
	}

	/**
	 * The locks of some packages, in the order every thread takes them, so that two
	 * threads never wait for each other.
	 */
	private List<Lock> locksOf(Collection<String> packageIds) {
		TreeSet<Integer> stripes = new TreeSet<>();
		for (String packageId : packageIds) {
			stripes.add(Math.floorMod(packageId.hashCode(), this.packageLocks.length));
		}
		return stripes.stream().map((stripe) -> this.packageLocks[stripe]).toList();
	}

	private @Nullable FailedChange applyTogether(Map<String, List<Change>> byPackage) {
		Map<String, PackageMapping> kept = new HashMap<>();
		List<String> unread = new ArrayList<>();
		for (String packageId : byPackage.keySet()) {
			PackageMapping copy = this.lastWritten.get(packageId);
			if (copy != null) {
				kept.put(packageId, copy);
			}
			else {
				unread.add(packageId);
			}
		}
		Map<String, PackageMapping> stored = new HashMap<>(kept);
		try {
			stored.putAll(read(unread));
		}
		catch (RuntimeException ex) {
			return new FailedChange(byPackage.values().iterator().next().get(0), ex, true);
		}
		FailedChange first = null;
		List<Write> writes = new ArrayList<>();
		List<List<Change>> alone = new ArrayList<>();
		for (List<Change> ofPackage : byPackage.values()) {
			String packageId = ofPackage.get(0).packageId();
			PackageMapping read = stored.get(packageId);
			PackageMapping current = (read != null) ? read : PackageMapping.empty(packageId);
			PackageMapping changed = current;
			for (Change change : ofPackage) {
				try {
					changed = change.change().apply(changed);
				}
				catch (RuntimeException ex) {
					first = earlier(first, new FailedChange(change, ex, false));
					break;
				}
			}
			if (!changed.sameState(current)) {
				writes.add(new Write(ofPackage, read, changed.withRevision(current.revision() + 1)));
			}
			else if (kept.containsKey(packageId)) {
				// The kept copy may be outdated: applied again to the stored value.
				alone.add(ofPackage);
			}
			else if (read != null) {
				this.view.update(read);
			}
		}
		Set<String> lost;
		try {
			lost = writeTogether(writes);
		}
		catch (RuntimeException ex) {
			for (Write write : writes) {
				first = earlier(first, new FailedChange(write.changes().get(0), ex, true));
			}
			return first;
		}
		for (Write write : writes) {
			List<Change> ofPackage = write.changes();
			if (lost.contains(write.next().packageId())) {
				logger.atWarn()
					.addKeyValue("packageId", write.next().packageId())
					.log("Mapping changed concurrently; applying the events again");
				alone.add(ofPackage);
				continue;
			}
			this.lastWritten.put(write.next().packageId(), write.next());
			this.view.update(write.next());
			logger.atInfo()
				.addKeyValue("packageId", write.next().packageId())
				.addKeyValue("events", ofPackage.size())
				.addKeyValue("lastEventId", ofPackage.get(ofPackage.size() - 1).eventId())
				.addKeyValue("revision", write.next().revision())
				.log("Mapping changed");
		}
		for (List<Change> ofPackage : alone) {
			FailedChange failed = applyToPackage(ofPackage);
			first = earlier(first, failed);
			if (failed != null && failed.inStore()) {
				// The packages after this one are left to the retry, which starts here.
				break;
			}
		}
		return first;
	}

	private static @Nullable FailedChange earlier(@Nullable FailedChange one, @Nullable FailedChange other) {
		if (one == null) {
			return other;
		}
		return (other != null && other.change().index() < one.change().index()) ? other : one;
	}

	private Map<String, PackageMapping> read(List<String> packageIds) {
		Map<String, PackageMapping> found = new HashMap<>();
		if (!packageIds.isEmpty()) {
			for (PackageMapping mapping : this.mongo.find(Query.query(Criteria.where("_id").in(packageIds)),
					PackageMapping.class)) {
				found.put(mapping.packageId(), mapping);
			}
		}
		return found;
	}

	/**
	 * Writes packages in one request, each if it is still as read.
	 * @return the IDs of the packages whose write lost a race
	 */
	private Set<String> writeTogether(List<Write> writes) {
		if (writes.isEmpty()) {
			return Set.of();
		}
		Date storedAt = Date.from(Instant.now());
		List<WriteModel<Document>> models = new ArrayList<>();
		List<Write> replaced = new ArrayList<>();
		for (Write write : writes) {
			this.lastWritten.remove(write.next().packageId());
			Document document = document(write.next(), storedAt);
			PackageMapping stored = write.stored();
			if (stored == null) {
				models.add(new InsertOneModel<>(document));
			}
			else {
				models.add(new ReplaceOneModel<>(asStored(stored), document));
				replaced.add(write);
			}
		}
		Set<String> lost = new HashSet<>();
		BulkWriteResult result;
		try {
			result = this.mongo.getCollection(MappingView.COLLECTION)
				.bulkWrite(models, new BulkWriteOptions().ordered(false));
		}
		catch (MongoBulkWriteException ex) {
			for (BulkWriteError error : ex.getWriteErrors()) {
				if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
					throw ex;
				}
				// Inserted by another instance meanwhile.
				lost.add(writes.get(error.getIndex()).next().packageId());
			}
			result = ex.getWriteResult();
		}
		if (result.getMatchedCount() < replaced.size()) {
			// The store tells which replacements found their package changed: one
			// holding what was written won (or another instance wrote the same).
			Map<String, PackageMapping> now = read(replaced.stream().map((write) -> write.next().packageId()).toList());
			for (Write write : replaced) {
				PackageMapping holds = now.get(write.next().packageId());
				if (holds == null || holds.revision() != write.next().revision() || !holds.sameState(write.next())) {
					lost.add(write.next().packageId());
				}
			}
		}
		return lost;
	}

	/**
	 * The filter of a write conditional on the package being as read: one document naming
	 * the two fields, which the embedded store answers from its {_id, revision} index.
	 * The driver's {@code Filters.and} of the same two is an {@code $and}, which it
	 * answers by reading every package.
	 */
	static Document asStored(PackageMapping stored) {
		return new Document("_id", stored.packageId()).append("revision", stored.revision());
	}

	private Document document(PackageMapping mapping, Date storedAt) {
		// Stamped with the time of the write, by which other instances see the change.
		Document document = new Document();
		this.mongo.getConverter().write(mapping, document);
		document.put(MappingView.STORED_AT, storedAt);
		return document;
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
	 * A package to write: the events applied, the value they were applied to (none for a
	 * new package) and the result.
	 */
	private record Write(List<Change> changes, @Nullable PackageMapping stored, PackageMapping next) {

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
		Document document = document(next, Date.from(Instant.now()));
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
