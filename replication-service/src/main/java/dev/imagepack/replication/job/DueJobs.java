package dev.imagepack.replication.job;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The jobs this instance learnt of as it queued or changed them, soonest due first, so
 * that the worker can claim them by ID. Claiming by ID reads one document, where a search
 * for due jobs reads every job the embedded store holds: it answers from an index only
 * queries that name an ID or exactly the fields of a unique index.
 * <p>
 * A hint is only a hint: the claim checks the stored job, and jobs this instance never
 * heard of (queued by another instance, left by one that died, or beyond the
 * {@link #CAPACITY}) are found by the worker's periodic search.
 */
final class DueJobs {

	static final int CAPACITY = 50_000;

	private static final Comparator<Hint> SOONEST = Comparator.comparing(Hint::due).thenComparing(Hint::jobId);

	// One queue per region, so that the soonest job of a region with room is found
	// without passing over the jobs of regions at their limit.
	private final Map<String, PriorityQueue<Hint>> byRegion = new HashMap<>();

	private final Map<String, Hint> byJob = new HashMap<>();

	private volatile @Nullable Consumer<Instant> listener;

	/**
	 * Records that a job is due at a time; an earlier time already known stays.
	 * @param jobId the job
	 * @param region its region, for the worker's per-region limit
	 * @param due when it is due
	 * @return false if the hint was dropped because the queue is full
	 */
	boolean offer(String jobId, String region, Instant due) {
		return offer(jobId, region, due, null);
	}

	/**
	 * Records that a job this instance has just written is due, with the job as written,
	 * which spares the claim a read while nothing else changed it.
	 * @param job the job as stored by this instance
	 * @return false if the hint was dropped because the queue is full
	 */
	boolean offer(ReplicationJob job) {
		return offer(job.getId(), job.getRegion(), job.getNextActionAt(), job);
	}

	private boolean offer(String jobId, String region, Instant due, @Nullable ReplicationJob written) {
		boolean kept = remember(jobId, region, due, written);
		Consumer<Instant> listener = this.listener;
		if (kept && listener != null) {
			listener.accept(due);
		}
		return kept;
	}

	/**
	 * Tells the worker of every hint offered, so that it can claim a job due now at once
	 * instead of on its next tick.
	 * @param listener called with the time the job is due, outside any lock
	 */
	void onOffer(Consumer<Instant> listener) {
		this.listener = listener;
	}

	private synchronized boolean remember(String jobId, String region, Instant due, @Nullable ReplicationJob written) {
		Hint known = this.byJob.get(jobId);
		if (known != null) {
			// The sooner time stays; the copy of the job is the one offered now, or none
			// if this offer came without one, as the earlier copy may be outdated.
			Instant soonest = due.isBefore(known.due()) ? due : known.due();
			if (!soonest.equals(known.due()) || written != known.written()) {
				replace(known, new Hint(jobId, region, soonest, written));
			}
			return true;
		}
		if (this.byJob.size() >= CAPACITY) {
			return false;
		}
		add(new Hint(jobId, region, due, written));
		return true;
	}

	private void add(Hint hint) {
		this.byRegion.computeIfAbsent(hint.region(), (key) -> new PriorityQueue<>(SOONEST)).add(hint);
		this.byJob.put(hint.jobId(), hint);
	}

	private void replace(Hint old, Hint hint) {
		remove(old);
		add(hint);
	}

	/**
	 * Takes the soonest hint that is due in a region that has room.
	 * @param now the current time
	 * @param hasRoom whether the worker may take another job in a region
	 * @return the hint, or null if none is due where there is room
	 */
	synchronized @Nullable Hint poll(Instant now, Predicate<String> hasRoom) {
		Hint soonest = null;
		for (Map.Entry<String, PriorityQueue<Hint>> region : this.byRegion.entrySet()) {
			Hint head = region.getValue().peek();
			if (head != null && !head.due().isAfter(now) && (soonest == null || SOONEST.compare(head, soonest) < 0)
					&& hasRoom.test(region.getKey())) {
				soonest = head;
			}
		}
		if (soonest != null) {
			remove(soonest);
		}
		return soonest;
	}

	synchronized int size() {
		return this.byJob.size();
	}

	private void remove(Hint hint) {
		PriorityQueue<Hint> queue = this.byRegion.get(hint.region());
		if (queue != null) {
			queue.remove(hint);
			if (queue.isEmpty()) {
				this.byRegion.remove(hint.region());
			}
		}
		this.byJob.remove(hint.jobId());
	}

	/**
	 * A job that is due.
	 *
	 * @param jobId the job
	 * @param region its region
	 * @param due when it is due
	 * @param written the job as this instance last wrote it, if that is the latest this
	 * instance knows of
	 */
	record Hint(String jobId, String region, Instant due, @Nullable ReplicationJob written) {

	}

}
