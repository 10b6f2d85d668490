package dev.imagepack.replication.job;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;

import dev.imagepack.platform.store.VersionedWrites;

/**
 * Stores the jobs the worker's steps changed, each conditional on the revision it was
 * read at, as {@link MongoTemplate#save} does. Steps that finish while another's write is
 * under way share the next write: one bulk command for all of them, where each would
 * otherwise send its own and the store commit its file for each. A step alone is written
 * at once, so nothing waits for company.
 * <p>
 * A bulk write reports how many jobs it matched, not which: when a job among several was
 * changed elsewhere meanwhile, every job of that write is reported as changed. Each is
 * then read again, as after any conflict, and the worker goes on from the job as stored,
 * which for all but the changed one is the job as this write stored it.
 */
final class JobSaves {

	private final MongoTemplate mongo;

	private final Object lock = new Object();

	private List<Save> queued = new ArrayList<>();

	private boolean writing;

	JobSaves(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * Stores a job unless it changed in the store since it was read.
	 * @param job the job, its revision the one it was read at
	 * @return the job as stored, its revision advanced
	 * @throws OptimisticLockingFailureException if the job changed in the store
	 * meanwhile, or another job written with it did
	 * @throws DataAccessException if the store failed
	 */
	ReplicationJob save(ReplicationJob job) {
		Save save = new Save(job);
		List<Save> batch;
		synchronized (this.lock) {
			this.queued.add(save);
			boolean interrupted = false;
			while (this.writing && !save.done) {
				try {
					this.lock.wait();
				}
				catch (InterruptedException ex) {
					// The write may already carry this job: it is waited for, and the
					// interrupt kept for the caller.
					interrupted = true;
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
			if (save.done) {
				return save.result();
			}
			this.writing = true;
			batch = this.queued;
			this.queued = new ArrayList<>();
		}
		try {
			write(batch);
		}
		finally {
			synchronized (this.lock) {
				this.writing = false;
				for (Save written : batch) {
					written.done = true;
				}
				this.lock.notifyAll();
			}
		}
		return save.result();
	}

	/**
	 * How many jobs wait for the write under way to end.
	 * @return the number of jobs queued
	 */
	int waiting() {
		synchronized (this.lock) {
			return this.queued.size();
		}
	}

	private void write(List<Save> batch) {
		List<Save> together = new ArrayList<>(batch.size());
		for (Save save : batch) {
			if (save.job.getRevision() == null) {
				// Never stored: inserted, as save does.
				saveAlone(save);
			}
			else {
				together.add(save);
			}
		}
		if (together.size() == 1) {
			saveAlone(together.get(0));
		}
		else if (!together.isEmpty()) {
			saveTogether(together);
		}
	}

	private void saveAlone(Save save) {
		try {
			save.saved = this.mongo.save(save.job);
		}
		catch (RuntimeException ex) {
			save.failure = ex;
		}
	}

	private void saveTogether(List<Save> batch) {
		RuntimeException failure = null;
		try {
			if (!VersionedWrites.replaceAll(this.mongo, ReplicationJob.class,
					batch.stream().map((save) -> save.job).toList())) {
				failure = new OptimisticLockingFailureException(
						"Of " + batch.size() + " jobs written together, one or more changed in the store since read");
			}
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		for (Save save : batch) {
			if (failure != null) {
				save.failure = failure;
			}
			else {
				save.saved = save.job;
			}
		}
	}

	/**
	 * A job to store, and how its write ended.
	 */
	private static final class Save {

		private final ReplicationJob job;

		private boolean done;

		private @Nullable ReplicationJob saved;

		private @Nullable RuntimeException failure;

		Save(ReplicationJob job) {
			this.job = job;
		}

		ReplicationJob result() {
			if (this.failure != null) {
				throw this.failure;
			}
			if (this.saved == null) {
				throw new IllegalStateException("Job " + this.job.getId() + " was not written");
			}
			return this.saved;
		}

	}

}
