package dev.imagepack.replication.job;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

import org.jspecify.annotations.Nullable;

/**
 * The jobs this instance learnt of as it queued or changed them, soonest due first, so
 * that the worker can claim them by ID. Claiming by ID reads one document, where a search
 * for due jobs reads every job the embedded store holds: it answers only queries that
 * name exactly the fields of a unique index.
 * <p>
 * A hint is only a hint: the claim checks the stored job, and jobs this instance never
 * heard of (queued by another instance, left by one that died, or beyond the
 * {@link #CAPACITY}) are found by the worker's periodic search.
 */
final class DueJobs {

	static final int CAPACITY = 50_000;

	private final PriorityQueue<Hint> queue = new PriorityQueue<>(
			Comparator.comparing(Hint::due).thenComparing(Hint::jobId));

	private final Map<String, Hint> byJob = new HashMap<>();

	/**
	 * Records that a job is due at a time; an earlier time already known stays.
	 * @param jobId the job
	 * @param region its region, for the worker's per-region limit
	 * @param due when it is due
	 * @return false if the hint was dropped because the queue is full
	 */
	synchronized boolean offer(String jobId, String region, Instant due) {
		Hint known = this.byJob.get(jobId);
		if (known != null) {
			if (!due.isBefore(known.due())) {
				return true;
			}
			this.queue.remove(known);
		}
		else if (this.byJob.size() >= CAPACITY) {
			return false;
		}
		Hint hint = new Hint(jobId, region, due);
		this.queue.add(hint);
		this.byJob.put(jobId, hint);
		return true;
	}

	/**
	 * Takes the soonest hint that is due.
	 * @param now the current time
	 * @return the hint, or null if none is due
	 */
	synchronized @Nullable Hint poll(Instant now) {
		Hint first = this.queue.peek();
		if (first == null || first.due().isAfter(now)) {
			return null;
		}
		this.queue.poll();
		this.byJob.remove(first.jobId());
		return first;
	}

	synchronized int size() {
		return this.byJob.size();
	}

	/**
	 * A job that is due.
	 *
	 * @param jobId the job
	 * @param region its region
	 * @param due when it is due
	 */
	record Hint(String jobId, String region, Instant due) {

	}

}
