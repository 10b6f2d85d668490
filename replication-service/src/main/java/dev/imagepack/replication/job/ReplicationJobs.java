package dev.imagepack.replication.job;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * What happens to jobs when package-service or an operator asks: queue the regions of a
 * published version, start a new round for failed regions, remove the copies of a deleted
 * version. Each request changes a job at most once, however often it arrives.
 */
public class ReplicationJobs {

	private static final Logger logger = LoggerFactory.getLogger(ReplicationJobs.class);

	private static final int MAX_CONFLICTS = 20;

	/**
	 * Deleted versions and packages, remembered so that a {@code VersionPublished} that
	 * arrives after the deletion (events moved to another partition when partitions were
	 * added) queues its jobs as removed instead of copying the image.
	 */
	static final String DELETIONS = "replication_deletions";

	private final MongoTemplate mongo;

	private final Clock clock;

	private final DueJobs dueJobs;

	private final JobWorker worker;

	ReplicationJobs(MongoTemplate mongo, Clock clock, DueJobs dueJobs, JobWorker worker) {
		this.mongo = mongo;
		this.clock = clock;
		this.dueJobs = dueJobs;
		this.worker = worker;
	}

	/**
	 * Queues one job per distribution region of a published version: the selected regions
	 * and the source region, which also gets a copy in the distribution account. Jobs
	 * that exist already stay as they are. Regions this instance has room for are stored
	 * with their first attempt begun (see {@link JobWorker#adopt}), the others queued.
	 * @param packageId the package
	 * @param ownerAccountId the package's owner
	 * @param versionNumber the version
	 * @param regions the selected regions
	 * @param source the image
	 * @return how many jobs were new
	 */
	public int queueVersion(String packageId, String ownerAccountId, int versionNumber, List<String> regions,
			SourceImage source) {
		Instant now = this.clock.instant();
		Set<String> targets = new LinkedHashSet<>(regions);
		targets.add(source.sourceRegion());
		boolean deleted = isDeleted(packageId, versionNumber);
		List<ReplicationJob> jobs = new ArrayList<>();
		for (String region : targets) {
			ReplicationJob queued = ReplicationJob.queue(packageId, ownerAccountId, versionNumber, region, source, now);
			if (deleted) {
				// Removed at once, which reports every region removed without a copy.
				queued.removalRequested(now);
			}
			jobs.add(queued);
		}
		List<ReplicationJob> adopted = deleted ? List.of() : jobs.stream().filter(this.worker::adopt).toList();
		List<ReplicationJob> inserted;
		try {
			try {
				// One write for all the regions; an event delivered again finds some or
				// all of them queued, and falls back to one write each.
				this.mongo.insertAll(jobs);
				inserted = jobs;
			}
			catch (DuplicateKeyException ex) {
				inserted = jobs.stream().filter(this::insertUnlessQueued).toList();
			}
		}
		catch (RuntimeException ex) {
			// Perhaps stored, perhaps not: the worker reads each before any step, and
			// drops those the store does not have.
			adopted.forEach((job) -> this.worker.adopted(job.getId(), null));
			throw ex;
		}
		for (ReplicationJob job : jobs) {
			if (adopted.contains(job)) {
				// One stored by an earlier delivery is read before the worker goes on.
				this.worker.adopted(job.getId(), inserted.contains(job) ? job : null);
			}
			else if (inserted.contains(job)) {
				this.dueJobs.offer(job);
			}
			else {
				this.dueJobs.offer(job.getId(), job.getRegion(), now);
			}
		}
		int created = inserted.size();
		logger.atInfo()
			.addKeyValue("packageId", packageId)
			.addKeyValue("versionNumber", versionNumber)
			.addKeyValue("regions", targets.size())
			.addKeyValue("created", created)
			.addKeyValue("alreadyDeleted", deleted)
			.log("Version queued for replication");
		return created;
	}

	private boolean insertUnlessQueued(ReplicationJob job) {
		try {
			this.mongo.insert(job);
			return true;
		}
		catch (DuplicateKeyException ex) {
			// Queued by an earlier delivery of the same event.
			return false;
		}
	}

	/**
	 * Starts a new round in the listed regions that failed.
	 * @param commandId the ID of the event asking for it, so that a duplicate does
	 * nothing
	 * @param packageId the package
	 * @param versionNumber the version
	 * @param regions the regions to retry
	 * @return how many regions started again
	 */
	public int retryRegions(String commandId, String packageId, int versionNumber, List<String> regions) {
		int retried = 0;
		for (String region : new LinkedHashSet<>(regions)) {
			String jobId = ReplicationJob.idOf(packageId, versionNumber, region);
			if (change(jobId, (job) -> job.retry(commandId, this.clock.instant()))) {
				retried++;
			}
		}
		logger.atInfo()
			.addKeyValue("packageId", packageId)
			.addKeyValue("versionNumber", versionNumber)
			.addKeyValue("retried", retried)
			.log("Failed regions queued again");
		return retried;
	}

	/**
	 * Starts a new round of one failed job, as an operator asked.
	 * @param jobId the job
	 * @param requestId the request's ID
	 * @return the job as changed
	 * @throws JobNotFoundException if there is no such job
	 * @throws JobStateException if the job has not failed
	 */
	public ReplicationJob retryJob(String jobId, String requestId) {
		ReplicationJob job = find(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
		if (job.getStatus() != JobStatus.FAILED) {
			throw new JobStateException(jobId, job.getStatus(),
					"Job " + jobId + " is " + job.getStatus() + "; only a failed job can be retried");
		}
		change(jobId, (found) -> found.retry(requestId, this.clock.instant()));
		return find(jobId).orElseThrow(() -> new JobNotFoundException(jobId));
	}

	/**
	 * Cancels the jobs of a deleted version and removes their regional copies.
	 * @param packageId the package
	 * @param versionNumber the version
	 * @return how many jobs started removing
	 */
	public int removeVersion(String packageId, int versionNumber) {
		rememberDeletion(packageId + ":" + versionNumber);
		return removeAll(Criteria.where("packageId").is(packageId).and("versionNumber").is(versionNumber));
	}

	/**
	 * Cancels every job of a deleted package and removes all its regional copies.
	 * @param packageId the package
	 * @return how many jobs started removing
	 */
	public int removePackage(String packageId) {
		rememberDeletion(packageId);
		return removeAll(Criteria.where("packageId").is(packageId));
	}

	private void rememberDeletion(String id) {
		this.mongo.save(new Document("_id", id).append("deletedAt", Date.from(this.clock.instant())), DELETIONS);
	}

	/**
	 * Whether the version or its package was deleted: one read of both IDs, which the
	 * index of IDs answers.
	 */
	private boolean isDeleted(String packageId, int versionNumber) {
		return this.mongo.findOne(Query.query(Criteria.where("_id").in(packageId + ":" + versionNumber, packageId)),
				Document.class, DELETIONS) != null;
	}

	private int removeAll(Criteria which) {
		Query query = Query.query(which);
		query.fields().include("_id");
		int removing = 0;
		for (Document job : this.mongo.find(query, Document.class, ReplicationJob.COLLECTION)) {
			if (change(job.get("_id", String.class), (found) -> found.removalRequested(this.clock.instant()))) {
				removing++;
			}
		}
		return removing;
	}

	/**
	 * One job.
	 * @param jobId the job ID
	 * @return the job, if it exists
	 */
	public Optional<ReplicationJob> find(String jobId) {
		return Optional.ofNullable(this.mongo.findById(jobId, ReplicationJob.class));
	}

	/**
	 * A page of jobs in ID order, which groups them by package and version.
	 * @param filter which jobs
	 * @param pageSize how many at most
	 * @param after the last job ID of the previous page
	 * @return the jobs, one more than the page size if there are more
	 */
	public List<ReplicationJob> list(JobFilter filter, int pageSize, @Nullable String after) {
		List<Criteria> criteria = new ArrayList<>();
		if (filter.ownerAccountId() != null) {
			criteria.add(Criteria.where("ownerAccountId").is(filter.ownerAccountId()));
		}
		if (filter.packageId() != null) {
			criteria.add(Criteria.where("packageId").is(filter.packageId()));
		}
		if (filter.versionNumber() != null) {
			criteria.add(Criteria.where("versionNumber").is(filter.versionNumber()));
		}
		if (filter.status() != null) {
			criteria.add(Criteria.where("status").is(filter.status()));
		}
		if (after != null) {
			criteria.add(Criteria.where("_id").gt(after));
		}
		Query query = new Query();
		if (!criteria.isEmpty()) {
			query.addCriteria(new Criteria().andOperator(criteria));
		}
		query.with(Sort.by("_id")).limit(pageSize + 1);
		return this.mongo.find(query, ReplicationJob.class);
	}

	/**
	 * Applies a change with optimistic locking, reading the job again after a conflict.
	 */
	private boolean change(String jobId, Predicate<ReplicationJob> rule) {
		for (int attempt = 1;; attempt++) {
			ReplicationJob job = this.mongo.findById(jobId, ReplicationJob.class);
			if (job == null || !rule.test(job)) {
				return false;
			}
			try {
				this.dueJobs.offer(this.mongo.save(job));
				return true;
			}
			catch (OptimisticLockingFailureException ex) {
				if (attempt >= MAX_CONFLICTS) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Which jobs to list; null matches any.
	 *
	 * @param ownerAccountId the packages' owner
	 * @param packageId the package
	 * @param versionNumber the version
	 * @param status the status
	 */
	public record JobFilter(@Nullable String ownerAccountId, @Nullable String packageId,
			@Nullable Integer versionNumber, @Nullable JobStatus status) {

	}

}
