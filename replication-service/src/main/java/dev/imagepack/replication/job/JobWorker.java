package dev.imagepack.replication.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Runs jobs on this instance. A job is worked on only by the instance holding its lease
 * in the store; the worker claims due jobs up to its limits (in all and per region),
 * renews the leases it holds, and releases a job once it is settled and its events are
 * out. An instance that dies stops renewing, and its jobs pass to others when their
 * leases run out; a clean stop releases them at once.
 * <p>
 * Jobs this instance queued or changed are claimed by ID from {@link DueJobs}. Other due
 * jobs (queued by another instance, left by one that died, found after a restart) are
 * searched for in the store: on every tick while searches find some, otherwise once a
 * third of the lease duration, like the renewals. Jobs whose lease ran out (their holder
 * died, or stopped and handed them over) take a free slot before any queued job, this
 * instance's own included, so that a backlog does not keep work begun elsewhere waiting.
 * <p>
 * A version's regions that find room here as they are queued are taken at once
 * ({@link #adopt}): stored with their first attempt begun and their lease, one write
 * where a claim would take a second.
 */
class JobWorker implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(JobWorker.class);

	private static final Duration RELAY_RETRY = Duration.ofSeconds(1);

	private static final int MAX_STEPS_AT_ONCE = 3;

	private static final int MAX_RELEASE_CONFLICTS = 5;

	private static final int DUE_TIME_CHECK_LEASES = 20;

	private static final List<JobStatus> ACTIVE = List.of(JobStatus.QUEUED, JobStatus.COPYING, JobStatus.REMOVING);

	private final MongoTemplate mongo;

	private final JobStepper stepper;

	private final JobRelay relay;

	private final ReplicationProperties properties;

	private final Clock clock;

	private final String instanceId;

	private final DueJobs dueJobs;

	private final JobSaves saves;

	// In job ID order, which puts the regions of a version side by side: they are handed
	// to the step threads together and end about together, so that their reports reach
	// the consumers close enough to be applied in one write.
	private final Map<String, Owned> owned = new ConcurrentSkipListMap<>();

	private volatile @Nullable ScheduledExecutorService scheduler;

	private volatile @Nullable ExecutorService steps;

	private volatile Instant nextRenewal = Instant.MIN;

	private volatile Instant nextSearch = Instant.MIN;

	private volatile Instant nextOrphanSearch = Instant.MIN;

	private final AtomicBoolean wakeQueued = new AtomicBoolean();

	// Held while jobs are claimed or adopted, so that the limits are counted once.
	private final ReentrantLock claiming = new ReentrantLock();

	private final Object adoptions = new Object();

	// Adopted jobs whose first write is not over yet; guarded by adoptions.
	private int adopting;

	private volatile Instant nextDueTimeCheck = Instant.MIN;

	JobWorker(MongoTemplate mongo, JobStepper stepper, JobRelay relay, DueJobs dueJobs,
			ReplicationProperties properties, Clock clock, String instanceId) {
		this.mongo = mongo;
		this.stepper = stepper;
		this.relay = relay;
		this.dueJobs = dueJobs;
		this.saves = new JobSaves(mongo);
		this.properties = properties;
		this.clock = clock;
		this.instanceId = instanceId;
		dueJobs.onOffer((due) -> {
			if (!due.isAfter(this.clock.instant())) {
				wake();
			}
		});
	}

	/**
	 * Ticks at once rather than when the next tick is due, for a job that became due now
	 * or a slot that became free. Wakes coming while one is queued share it.
	 */
	private void wake() {
		ScheduledExecutorService ticker = this.scheduler;
		if (ticker != null && this.wakeQueued.compareAndSet(false, true)) {
			try {
				ticker.execute(() -> {
					this.wakeQueued.set(false);
					tick();
				});
			}
			catch (RejectedExecutionException ex) {
				// Stopping.
				this.wakeQueued.set(false);
			}
		}
	}

	String instanceId() {
		return this.instanceId;
	}

	private void tick() {
		try {
			Instant now = this.clock.instant();
			if (!now.isBefore(this.nextDueTimeCheck)) {
				keepDueTimes();
				this.nextDueTimeCheck = now.plus(this.properties.leaseDuration().multipliedBy(DUE_TIME_CHECK_LEASES));
			}
			if (!now.isBefore(this.nextRenewal)) {
				renewLeases(now);
			}
			this.claiming.lock();
			try {
				claim(now);
			}
			finally {
				this.claiming.unlock();
			}
			ExecutorService pool = this.steps;
			for (Map.Entry<String, Owned> entry : this.owned.entrySet()) {
				Owned job = entry.getValue();
				if (pool != null && !job.running && !job.nextDue.isAfter(now)) {
					job.running = true;
					pool.execute(() -> work(entry.getKey(), job));
				}
			}
		}
		catch (RuntimeException | Error ex) {
			// The scheduler must keep ticking: a store that is briefly away is tried
			// again.
			logger.atError().setCause(ex).log("Job worker tick failed");
		}
	}

	/**
	 * Gives the jobs that need work and were stored without a due time theirs, so that
	 * searches find them: before the first claim, and then every
	 * {@value #DUE_TIME_CHECK_LEASES} lease durations, for the jobs that instances of an
	 * earlier version, which keep none, still write while they run beside this one.
	 */
	private void keepDueTimes() {
		Query withoutDueTime = Query
			.query(new Criteria().andOperator(Criteria.where("dueAt").exists(false), new Criteria()
				.orOperator(Criteria.where("status").in(ACTIVE), Criteria.where("pendingEvents.0").exists(true))));
		long kept = 0;
		for (ReplicationJob job : this.mongo.find(withoutDueTime, ReplicationJob.class)) {
			// Matched by revision: a job changed meanwhile got its due time with that
			// write.
			kept += this.mongo
				.updateFirst(Query.query(Criteria.where("_id").is(job.getId()).and("revision").is(job.getRevision())),
						new Update().set("dueAt", job.getDueAt()), ReplicationJob.COLLECTION)
				.getModifiedCount();
		}
		if (kept > 0) {
			logger.atInfo().addKeyValue("jobs", kept).log("Due times given to jobs stored without one");
		}
	}

	/**
	 * Renews the leases of the jobs this instance holds, and of no other job stored under
	 * its ID: one an earlier run under the same ID left (a restart with a configured
	 * instance ID) runs out and is searched for like any other.
	 */
	private void renewLeases(Instant now) {
		this.mongo.updateMulti(Query
			.query(Criteria.where("leaseOwner").is(this.instanceId).and("_id").in(List.copyOf(this.owned.keySet()))),
				new Update().set("leaseUntil", now.plus(this.properties.leaseDuration())), ReplicationJob.COLLECTION);
		this.nextRenewal = now.plus(this.properties.leaseDuration().dividedBy(3));
	}

	private void claim(Instant now) {
		Set<String> fullRegions = fullRegions();
		if (hasRoom() && !now.isBefore(this.nextOrphanSearch)) {
			boolean found = search(now, fullRegions, true);
			this.nextOrphanSearch = found ? now : now.plus(this.properties.leaseDuration().dividedBy(3));
		}
		claimHinted(now, fullRegions);
		if (hasRoom() && !now.isBefore(this.nextSearch)) {
			boolean found = search(now, fullRegions, false);
			this.nextSearch = found ? now : now.plus(this.properties.leaseDuration().dividedBy(3));
		}
	}

	/**
	 * Takes a job that is about to be stored for the first time, if this instance has
	 * room for it now: its first attempt is begun and it is leased here, so that its
	 * first write stores what a claim would have stored with a second. It is not worked
	 * on until {@link #adopted} says it is stored.
	 * @param job a job just queued, changed in place if taken
	 * @return whether it was taken
	 */
	boolean adopt(ReplicationJob job) {
		// A claim under way is not waited for: the job is queued as any other then.
		if (this.steps == null || !this.claiming.tryLock()) {
			return false;
		}
		try {
			Instant now = this.clock.instant();
			// Nor while work whose lease ran out may be waiting: it takes a free slot
			// first, and the next tick's search finds it.
			if (!now.isBefore(this.nextOrphanSearch) || !hasRoom() || this.owned.containsKey(job.getId())
					|| countsToTheLimit(job.getRegion())) {
				return false;
			}
			if (!this.stepper.beginFirstAttempt(job, this.instanceId, now)) {
				return false;
			}
			job.takeLease(this.instanceId, now.plus(this.properties.leaseDuration()));
			Owned held = new Owned(job.getRegion(), now, job);
			// Not worked on before it is stored: its copy must not start before its
			// client token is there.
			held.running = true;
			this.owned.put(job.getId(), held);
			synchronized (this.adoptions) {
				this.adopting++;
			}
			return true;
		}
		finally {
			this.claiming.unlock();
		}
	}

	/**
	 * Works on an adopted job, now that its write is over.
	 * @param jobId the job
	 * @param stored the job as stored, or null when the store may hold another copy of it
	 * (an event delivered again) or none (the write failed): the job is then read before
	 * any step, and left alone unless the store has it leased here
	 */
	void adopted(String jobId, @Nullable ReplicationJob stored) {
		synchronized (this.adoptions) {
			this.adopting--;
			this.adoptions.notifyAll();
		}
		Owned held = this.owned.get(jobId);
		if (held != null) {
			held.keep(stored);
			held.running = false;
			wake();
		}
	}

	private boolean hasRoom() {
		return this.owned.size() < this.properties.maxActiveJobs();
	}

	private Set<String> fullRegions() {
		return this.owned.values()
			.stream()
			.collect(Collectors.groupingBy((job) -> job.region, Collectors.counting()))
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() >= this.properties.maxActiveJobsPerRegion())
			.map(Map.Entry::getKey)
			.collect(Collectors.toCollection(HashSet::new));
	}

	/**
	 * Claims the due jobs this instance knows of, each by its ID and revision: a read and
	 * a write of one document where a search reads them all, and no read for a job this
	 * instance has just written.
	 */
	private void claimHinted(Instant now, Set<String> fullRegions) {
		DueJobs.Hint hint;
		while (hasRoom() && (hint = this.dueJobs.poll(now, (region) -> !fullRegions.contains(region))) != null) {
			if (!this.owned.containsKey(hint.jobId()) && claimById(hint.jobId(), hint.written(), now)
					&& countsToTheLimit(hint.region())) {
				fullRegions.add(hint.region());
			}
		}
	}

	private boolean countsToTheLimit(String region) {
		return this.owned.values().stream().filter((job) -> job.region.equals(region)).count() >= this.properties
			.maxActiveJobsPerRegion();
	}

	private boolean claimById(String jobId, @Nullable ReplicationJob written, Instant now) {
		// A copy this instance wrote may be outdated by another's write: then the
		// versioned write that claims it fails, and the job is read again.
		ReplicationJob job = (written != null) ? written : this.mongo.findById(jobId, ReplicationJob.class);
		if (job == null || (!job.getStatus().isActive() && job.getPendingEvents().isEmpty())) {
			return false;
		}
		Instant leaseUntil = job.getLeaseUntil();
		if (leaseUntil != null && !leaseUntil.isBefore(now)) {
			// Its owner works on it; a search finds it if that owner dies.
			return false;
		}
		if (job.getNextActionAt().isAfter(now)) {
			this.dueJobs.offer(jobId, job.getRegion(), job.getNextActionAt());
			return false;
		}
		if (job.getStatus() == JobStatus.QUEUED && job.getPendingEvents().isEmpty()) {
			// Leased by the versioned save that begins its attempt, one write instead of
			// two: if another instance took the job in between, that save fails and
			// nothing was done.
			this.owned.put(jobId, new Owned(job.getRegion(), now, job));
			logger.atDebug().addKeyValue("jobId", jobId).log("Job claimed");
			return true;
		}
		boolean taken = this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(jobId).and("revision").is(job.getRevision())), lease(now),
					ReplicationJob.COLLECTION)
			.getMatchedCount() == 1;
		if (!taken) {
			// Changed in the meantime, perhaps claimed: looked at again on the next tick,
			// not again in this one.
			this.dueJobs.offer(jobId, job.getRegion(), now.plus(this.properties.tick()));
			return false;
		}
		claimed(jobId, job.getRegion(), now);
		return true;
	}

	/**
	 * Searches the store for due jobs this instance may not know of. The query names the
	 * time a job is due at its top level, which an index answers in every store, the
	 * embedded one included: settled jobs have no due time, so the search reads the jobs
	 * that need work, not all the jobs ever stored.
	 * @param orphaned only work whose lease ran out: its holder died, perhaps in the
	 * middle of a step, or stopped and handed it over (not a job its holder released to
	 * wait for its source region's copy, which that holder claims again by ID)
	 * @return whether any was claimed
	 */
	private boolean search(Instant now, Set<String> fullRegions, boolean orphaned) {
		boolean found = false;
		while (hasRoom()) {
			Criteria due = Criteria.where("dueAt").lte(now);
			if (orphaned) {
				due.and("leaseUntil").lt(now);
			}
			else {
				due.orOperator(Criteria.where("leaseUntil").is(null), Criteria.where("leaseUntil").lt(now));
			}
			// Not the jobs this instance holds: a queued one claimed by ID is leased only
			// by the save that begins its attempt, and leasing it here would fail that
			// save after its events went out, which would then report again.
			due.and("region").nin(fullRegions).and("_id").nin(List.copyOf(this.owned.keySet()));
			Query query = Query.query(due).with(Sort.by("dueAt"));
			ReplicationJob job = this.mongo.findAndModify(query, lease(now),
					FindAndModifyOptions.options().returnNew(true), ReplicationJob.class);
			if (job == null) {
				return found;
			}
			if (this.owned.containsKey(job.getId())) {
				// Claimed by ID while this search ran: its first save now fails and reads
				// the job again. Jobs this instance knows of come first, so the search
				// stops here rather than read every job again on the next tick.
				return found;
			}
			found = true;
			claimed(job.getId(), job.getRegion(), now);
			if (countsToTheLimit(job.getRegion())) {
				fullRegions.add(job.getRegion());
			}
		}
		return found;
	}

	private Update lease(Instant now) {
		return new Update().set("leaseOwner", this.instanceId)
			.set("leaseUntil", now.plus(this.properties.leaseDuration()))
			.inc("revision", 1);
	}

	private void claimed(String jobId, String region, Instant now) {
		logger.atDebug().addKeyValue("jobId", jobId).log("Job claimed");
		this.owned.put(jobId, new Owned(region, now, null));
	}

	private void work(String jobId, Owned owned) {
		Instant now = this.clock.instant();
		boolean released = false;
		try {
			ReplicationJob job = owned.takeKnown();
			if (job == null) {
				job = this.mongo.findById(jobId, ReplicationJob.class);
				if (job == null) {
					// Adopted, but its write failed.
					this.owned.remove(jobId);
					return;
				}
				if (!this.instanceId.equals(job.getLeaseOwner())) {
					this.owned.remove(jobId);
					if (job.getLeaseOwner() == null) {
						// Changed before its claim was stored (a retry, a deletion): it
						// is claimed again.
						this.dueJobs.offer(job);
						return;
					}
					logger.atInfo().addKeyValue("jobId", jobId).log("Lease lost; job left to its new owner");
					return;
				}
			}
			// Events Kafka took that are still stored: the job's next write removes them.
			List<String> sent = new ArrayList<>();
			if (!send(job, sent)) {
				removeSent(job, sent);
				owned.nextDue = now.plus(RELAY_RETRY);
				return;
			}
			// A step that leaves the job due at once (an attempt begun, whose copy starts
			// next) is followed by the next one here rather than a tick later.
			boolean unstored = false;
			boolean givenUp = false;
			for (int step = 0; step < MAX_STEPS_AT_ONCE; step++) {
				if (!job.getStatus().isActive() || job.getNextActionAt().isAfter(now)) {
					break;
				}
				if (!this.stepper.advance(job, this.instanceId, now)) {
					// Kept here until its next step stores it; the events sent so far are
					// left out of that write.
					owned.keep(job);
					unstored = true;
					break;
				}
				// The step's events go out before the step is stored, which stores only
				// those Kafka did not take: one write per step, and a settled job is
				// released by that same write. Should the write fail (the job changed
				// meanwhile) or this instance stop before it, the step is taken again
				// from the job as stored and its events sent again, as when a crash falls
				// between a send and the write after it; consumers apply a repeated
				// report as they applied the first. Steps of other jobs that end while
				// this write is under way share the next one (JobSaves).
				boolean delivered = send(job, sent);
				givenUp = delivered && givesUp(job, now);
				if (givenUp) {
					job.releaseLease();
				}
				else {
					job.takeLease(this.instanceId, now.plus(this.properties.leaseDuration()));
				}
				job = this.saves.save(job);
				sent.clear();
				if (!delivered) {
					owned.nextDue = now.plus(RELAY_RETRY);
					return;
				}
				if (givenUp) {
					break;
				}
				now = this.clock.instant();
			}
			if (givenUp) {
				this.owned.remove(jobId);
				released = true;
				if (job.getStatus().isActive()) {
					this.dueJobs.offer(job);
				}
				return;
			}
			if (givesUp(job, now)) {
				// A job that waits for its source region's copy gives up its slot, so
				// that the copy it waits for can be claimed, however low the limits.
				release(jobId, job, sent);
				released = true;
				if (job.getStatus().isActive()) {
					this.dueJobs.offer(jobId, job.getRegion(), job.getNextActionAt());
				}
				return;
			}
			if (!unstored) {
				removeSent(job, sent);
			}
			// Looked at again at least every poll interval, so that a deletion or retry
			// recorded by the consumer is not kept waiting behind a long back-off.
			Instant recheck = now.plus(this.properties.pollInterval());
			owned.nextDue = job.getNextActionAt().isBefore(recheck) ? job.getNextActionAt() : recheck;
		}
		catch (OptimisticLockingFailureException ex) {
			// Changed by the consumer or a new owner in the meantime: look again.
			owned.nextDue = now;
		}
		catch (RuntimeException | Error ex) {
			logger.atError().addKeyValue("jobId", jobId).setCause(ex).log("Working on the job failed; trying again");
			owned.nextDue = now.plus(RELAY_RETRY);
		}
		finally {
			owned.running = false;
		}
		if (released) {
			// A slot is free for the next job of the region.
			wake();
		}
	}

	/**
	 * Whether the job is to be given up: it is settled, or it waits for its source
	 * region's copy, which then can take its slot however low the limits.
	 */
	private static boolean givesUp(ReplicationJob job, Instant now) {
		return !job.getStatus().isActive() || job.isWaitingForSourceCopy(now);
	}

	/**
	 * Sends the job's pending events and drops them from this copy of it.
	 * @param job the job as stored
	 * @param sent collects the IDs of the events sent
	 * @return whether every pending event was sent
	 */
	private boolean send(ReplicationJob job, List<String> sent) {
		if (job.getPendingEvents().isEmpty()) {
			return true;
		}
		List<String> now = this.relay.send(job);
		job.forgetSentEvents(now);
		sent.addAll(now);
		return job.getPendingEvents().isEmpty();
	}

	/**
	 * Removes sent events from the stored job when no write of it follows. If the job
	 * changed meanwhile they stay, and are sent again: consumers drop duplicates.
	 */
	private void removeSent(ReplicationJob job, List<String> sent) {
		if (!sent.isEmpty()) {
			this.mongo.updateFirst(
					Query.query(Criteria.where("_id").is(job.getId()).and("revision").is(job.getRevision())),
					JobRelay.removal(sent).set("dueAt", job.getDueAt()).inc("revision", 1), ReplicationJob.COLLECTION);
		}
	}

	/**
	 * Gives a job up, if this instance still holds it, removing the events sent since its
	 * last write. Matched by ID and revision, which the embedded store finds through its
	 * index of IDs.
	 */
	private void release(String jobId, ReplicationJob known, List<String> sent) {
		ReplicationJob job = known;
		for (int attempt = 1; attempt <= MAX_RELEASE_CONFLICTS; attempt++) {
			if (job == null) {
				job = this.mongo.findById(jobId, ReplicationJob.class);
			}
			if (job == null || !this.instanceId.equals(job.getLeaseOwner())) {
				break;
			}
			Query held = Query.query(Criteria.where("_id").is(jobId).and("revision").is(job.getRevision()));
			// The stored job as this write leaves it: without the events sent.
			job.forgetSentEvents(sent);
			Update release = (sent.isEmpty() ? new Update() : JobRelay.removal(sent)).set("dueAt", job.getDueAt());
			if (this.mongo
				.updateFirst(held, release.unset("leaseOwner").unset("leaseUntil").inc("revision", 1),
						ReplicationJob.COLLECTION)
				.getMatchedCount() == 1) {
				break;
			}
			job = null;
		}
		this.owned.remove(jobId);
	}

	@Override
	public void start() {
		handOverLeasesLeftUnderThisId();
		AtomicInteger threads = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(this.properties.workerThreads(),
				(task) -> daemon(task, "replication-step-" + threads.incrementAndGet()));
		ScheduledExecutorService ticker = Executors
			.newSingleThreadScheduledExecutor((task) -> daemon(task, "replication-worker"));
		this.steps = pool;
		this.scheduler = ticker;
		ticker.scheduleWithFixedDelay(this::tick, 0, this.properties.tick().toMillis(), TimeUnit.MILLISECONDS);
		logger.atInfo().addKeyValue("instanceId", this.instanceId).log("Job worker started");
	}

	/**
	 * Jobs leased under this instance's ID before it started were leased by an earlier
	 * run under the same ID (a configured instance ID, restarted after a crash): nothing
	 * works on them now, so they are handed over at once, as a clean stop hands its jobs
	 * over, for the first search for work whose lease ran out to find.
	 */
	private void handOverLeasesLeftUnderThisId() {
		try {
			long left = handOverLeases();
			if (left > 0) {
				logger.atInfo()
					.addKeyValue("instanceId", this.instanceId)
					.addKeyValue("jobs", left)
					.log("Jobs an earlier run under this instance ID left leased handed over");
			}
		}
		catch (RuntimeException ex) {
			logger.atWarn()
				.setCause(ex)
				.log("Leases left under this instance ID not handed over; they run out instead");
		}
	}

	/**
	 * Hands every job leased under this instance's ID over at once rather than when its
	 * lease runs out: held by nobody, and run out, so that the next search for work whose
	 * lease ran out finds it.
	 * @return how many jobs were handed over
	 */
	private long handOverLeases() {
		return this.mongo
			.updateMulti(Query.query(Criteria.where("leaseOwner").is(this.instanceId)),
					new Update().unset("leaseOwner").set("leaseUntil", this.clock.instant()), ReplicationJob.COLLECTION)
			.getModifiedCount();
	}

	/**
	 * Waits for the first writes of adopted jobs that are under way, which store this
	 * instance's lease: handed over before such a write ends, the job would wait for its
	 * lease to run out.
	 */
	private void awaitAdoptionsStored(Duration atMost) {
		long deadline = System.nanoTime() + atMost.toNanos();
		synchronized (this.adoptions) {
			while (this.adopting > 0) {
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0) {
					logger.atWarn()
						.addKeyValue("jobs", this.adopting)
						.log("Jobs still being stored at the stop keep their lease until it runs out");
					return;
				}
				try {
					this.adoptions.wait(left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	@Override
	public void stop() {
		ScheduledExecutorService ticker = this.scheduler;
		ExecutorService pool = this.steps;
		this.scheduler = null;
		// Under the lock, so that no adoption is half way through its checks.
		this.claiming.lock();
		try {
			this.steps = null;
		}
		finally {
			this.claiming.unlock();
		}
		if (ticker != null) {
			ticker.shutdownNow();
		}
		if (pool != null) {
			pool.shutdown();
			try {
				if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
					pool.shutdownNow();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		awaitAdoptionsStored(Duration.ofSeconds(10));
		try {
			handOverLeases();
		}
		catch (RuntimeException ex) {
			logger.atWarn().setCause(ex).log("Leases not released; they run out instead");
		}
		logger.atInfo()
			.addKeyValue("instanceId", this.instanceId)
			.addKeyValue("jobs", this.owned.size())
			.log("Job worker stopped");
		this.owned.clear();
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	/**
	 * A job this instance holds.
	 */
	private static final class Owned {

		private final String region;

		private volatile Instant nextDue;

		private volatile boolean running;

		private volatile @Nullable ReplicationJob known;

		Owned(String region, Instant nextDue, @Nullable ReplicationJob known) {
			this.region = region;
			this.nextDue = nextDue;
			this.known = known;
		}

		/**
		 * Keeps a job whose last step was not stored, for its next step to store.
		 */
		void keep(@Nullable ReplicationJob job) {
			this.known = job;
		}

		/**
		 * The job as this instance knows it ahead of the store, once: a queued job as its
		 * claim read it, which its first save leases, or a job whose last step was not
		 * stored. Its next save is conditional on the revision it was read at, so a
		 * change made elsewhere meanwhile fails that save, and the job is read again.
		 */
		@Nullable ReplicationJob takeKnown() {
			ReplicationJob job = this.known;
			this.known = null;
			return job;
		}

	}

}
