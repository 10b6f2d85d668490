package dev.imagepack.mapping.version;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The mappings lookups answer from: every package's latest stored value, in memory, so
 * that a lookup never waits for the database.
 * <p>
 * The view keeps each value as an {@link IndexedPackage}, which answers every lookup as
 * the full {@link PackageMapping} does in a fraction of its memory: the store keeps the
 * full records, from which each event's change is computed, and the view is rebuilt from
 * them.
 * <p>
 * The view is loaded from MongoDB while the application context starts, before the web
 * server accepts requests and before the bindings consume events, so a starting service
 * never answers from a half-loaded view. After that, each stored change replaces its
 * package's value, and a value never replaces one of a higher revision, whatever the
 * order in which the listener threads deliver them.
 * <p>
 * Every instance of the service keeps its own view, but consumes only the partitions the
 * consumer group gives it. So each view also reads, every
 * {@code imagepack.mapping.refresh-interval}, the packages any instance stored since its
 * last read (with an overlap that absorbs clocks a few seconds apart), and merges them by
 * revision as well.
 */
@Component
public class MappingView implements InitializingBean {

	static final String COLLECTION = "mappings";

	static final String STORED_AT = "storedAt";

	private static final Duration OVERLAP = Duration.ofSeconds(5);

	private static final int LOAD_BATCH = 500;

	private static final Logger logger = LoggerFactory.getLogger(MappingView.class);

	private volatile Instant refreshedUpTo = Instant.EPOCH;

	private final MongoTemplate mongo;

	private final ReadWriteLock reloading = new ReentrantReadWriteLock();

	private volatile Map<String, IndexedPackage> packages = new ConcurrentHashMap<>();

	private volatile RegionSets regionSets = new RegionSets();

	MappingView(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	public void afterPropertiesSet() {
		reload();
	}

	/**
	 * Replaces everything in memory with what the store holds. Changes stored while this
	 * runs are kept: they wait for the reload and then apply by revision.
	 */
	public void reload() {
		this.reloading.writeLock().lock();
		try {
			Instant started = Instant.now();
			Map<String, IndexedPackage> loaded = new ConcurrentHashMap<>();
			RegionSets shared = new RegionSets();
			// Streamed in batches: a store that answered all packages in one reply
			// could exceed the wire protocol's message size, and a list of the full
			// records would need many times the memory of their index.
			try (Stream<PackageMapping> stored = this.mongo.stream(new Query().cursorBatchSize(LOAD_BATCH),
					PackageMapping.class)) {
				stored.forEach((mapping) -> loaded.put(mapping.packageId(), IndexedPackage.of(mapping, shared)));
			}
			this.packages = loaded;
			this.regionSets = shared;
			this.refreshedUpTo = started;
			logger.atInfo()
				.addKeyValue("packages", loaded.size())
				.addKeyValue("regionSets", shared.size())
				.log("Mappings loaded from the store");
		}
		finally {
			this.reloading.writeLock().unlock();
		}
	}

	/**
	 * Merges in what any instance stored since the last refresh.
	 * @return how many packages were read
	 */
	public int refresh() {
		Instant started = Instant.now();
		Query changed = Query.query(Criteria.where(STORED_AT).gte(Date.from(this.refreshedUpTo.minus(OVERLAP))))
			.cursorBatchSize(LOAD_BATCH);
		int read = 0;
		// Streamed like a reload: after a restart, or with many instances writing, the
		// changes can be many packages.
		try (Stream<PackageMapping> found = this.mongo.stream(changed, PackageMapping.class, COLLECTION)) {
			for (PackageMapping mapping : (Iterable<PackageMapping>) found::iterator) {
				update(mapping);
				read++;
			}
		}
		this.refreshedUpTo = started;
		return read;
	}

	/**
	 * The latest known value of a package.
	 * @param packageId the package
	 * @return its index, or null if no event concerned it
	 */
	public @Nullable IndexedPackage find(String packageId) {
		return this.packages.get(packageId);
	}

	/**
	 * Takes a package's stored value, unless the view knows one of a higher revision.
	 * @param stored the value as stored
	 */
	void update(PackageMapping stored) {
		this.reloading.readLock().lock();
		try {
			this.packages.merge(stored.packageId(), IndexedPackage.of(stored, this.regionSets),
					(known, candidate) -> (candidate.revision() > known.revision()) ? candidate : known);
		}
		finally {
			this.reloading.readLock().unlock();
		}
	}

}
