package dev.imagepack.replication.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.AccessType;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The replication of one published version into one region. A round runs attempts until
 * the region succeeds or fails for good; a retry starts a new round. Whoever holds the
 * lease works on the job; every change is a versioned write, so an instance that lost its
 * lease cannot overwrite the new owner's work. Events a step could not publish travel
 * inside the document until they are sent.
 */
@Document(ReplicationJob.COLLECTION)
@CompoundIndex(name = "package_version", def = "{'packageId': 1, 'versionNumber': 1}")
public class ReplicationJob {

	static final String COLLECTION = "replication_jobs";

	private static final int KEPT_ATTEMPTS = 50;

	private static final int KEPT_COMMAND_IDS = 50;

	@Id
	private String id;

	@Version
	private @Nullable Long revision;

	private String packageId;

	private String ownerAccountId;

	private int versionNumber;

	private String region;

	private SourceImage source;

	private JobStatus status;

	private int attempts;

	private int roundAttempts;

	private @Nullable String copyToken;

	private @Nullable String regionalImageId;

	private int percent;

	private int reportedPercent;

	private @Nullable Instant progressReportedAt;

	private @Nullable Instant estimatedCompletionAt;

	private Instant createdAt;

	private Instant roundStartedAt;

	private @Nullable Instant attemptStartedAt;

	private @Nullable Instant finishedAt;

	private Instant nextActionAt;

	/**
	 * When the job next needs work, or null once it needs none (settled, its events
	 * sent): written from the job's state with every write of the whole job, never read
	 * back. The search for due jobs reads it through an index of this field alone, which
	 * the embedded store answers; a query over status, events and time it answers only by
	 * reading every job, settled ones included.
	 */
	@Indexed(name = "due_at")
	@AccessType(AccessType.Type.PROPERTY)
	private @Nullable Instant dueAt;

	private @Nullable String failureCode;

	private @Nullable String failureReason;

	private List<Attempt> history = new ArrayList<>();

	private List<String> handledCommandIds = new ArrayList<>();

	private List<OutgoingEvent> pendingEvents = new ArrayList<>();

	// For the instance renewing, and on a clean stop releasing, the leases it holds.
	@Indexed(name = "lease_owner")
	private @Nullable String leaseOwner;

	// For the search for work whose holder died or stopped: leases that ran out.
	@Indexed(name = "lease_until")
	private @Nullable Instant leaseUntil;

	private Instant updatedAt;

	@SuppressWarnings("NullAway.Init")
	private ReplicationJob() {
		// For the store.
	}

	/**
	 * A job queued to start now.
	 * @param packageId the package
	 * @param ownerAccountId the package's owner
	 * @param versionNumber the published version
	 * @param region the target region
	 * @param source the image to replicate
	 * @param now the current time
	 * @return the job
	 */
	public static ReplicationJob queue(String packageId, String ownerAccountId, int versionNumber, String region,
			SourceImage source, Instant now) {
		ReplicationJob job = new ReplicationJob();
		job.id = idOf(packageId, versionNumber, region);
		job.packageId = packageId;
		job.ownerAccountId = ownerAccountId;
		job.versionNumber = versionNumber;
		job.region = region;
		job.source = source;
		job.status = JobStatus.QUEUED;
		job.createdAt = now;
		job.roundStartedAt = now;
		job.nextActionAt = now;
		job.updatedAt = now;
		return job;
	}

	/**
	 * The ID of the job of a version in a region: the same event always names the same
	 * job, which makes creating jobs idempotent.
	 * @param packageId the package
	 * @param versionNumber the version
	 * @param region the region
	 * @return the job ID
	 */
	public static String idOf(String packageId, int versionNumber, String region) {
		return packageId + ":" + versionNumber + ":" + region;
	}

	/**
	 * Starts an attempt. A custom image gets a fresh client token, which makes starting
	 * its copy idempotent even across a crash.
	 * @param instanceId the instance that runs it
	 * @param now the current time
	 */
	void beginAttempt(String instanceId, Instant now) {
		require(JobStatus.QUEUED);
		this.attempts++;
		this.roundAttempts++;
		this.attemptStartedAt = now;
		this.percent = 0;
		this.reportedPercent = 0;
		this.progressReportedAt = now;
		// The attempt before's estimate and failure are its own (its history keeps
		// them): the new attempt reports neither.
		this.estimatedCompletionAt = null;
		this.failureCode = null;
		this.failureReason = null;
		this.regionalImageId = null;
		this.copyToken = (this.source.kind() == SourceImage.Kind.CUSTOM) ? this.id + "#" + this.attempts : null;
		this.status = (this.source.kind() == SourceImage.Kind.CUSTOM) ? JobStatus.COPYING : JobStatus.QUEUED;
		this.nextActionAt = now;
		remember(new Attempt(this.attempts, instanceId, now, null, null, null, null));
		touch(now);
	}

	/**
	 * Looks again later, since the copy in the source region that this region is copied
	 * from is not done yet.
	 * @param now the current time
	 * @param pollIn when to look again
	 */
	void waitForSourceCopy(Instant now, Duration pollIn) {
		require(JobStatus.COPYING);
		this.nextActionAt = now.plus(pollIn);
		touch(now);
	}

	/**
	 * Whether the job waits for the copy in its source region to be done before its own
	 * copy can start.
	 * @param now the current time
	 * @return true while it waits
	 */
	public boolean isWaitingForSourceCopy(Instant now) {
		return this.status == JobStatus.COPYING && this.regionalImageId == null && this.nextActionAt.isAfter(now);
	}

	/**
	 * Records the copy the cloud started for the current attempt.
	 * @param imageId the copy's ID
	 * @param now the current time
	 * @param pollIn when to describe it first
	 */
	void copyStarted(String imageId, Instant now, Duration pollIn) {
		require(JobStatus.COPYING);
		this.regionalImageId = imageId;
		this.nextActionAt = now.plus(pollIn);
		touch(now);
	}

	/**
	 * Records a copy's progress.
	 * @param percent the completed share
	 * @param estimatedCompletion when it should end, if known
	 * @param now the current time
	 * @param step report every this many percent
	 * @param interval report at least this often while it advances
	 * @param pollIn when to describe it again
	 * @param started whether the copy started with this description, which is reported
	 * however far it got
	 * @return whether to report the progress
	 */
	boolean progressed(int percent, @Nullable Instant estimatedCompletion, Instant now, int step, Duration interval,
			Duration pollIn, boolean started) {
		require(JobStatus.COPYING);
		this.percent = Math.max(this.percent, Math.min(99, Math.max(0, percent)));
		this.estimatedCompletionAt = estimatedCompletion;
		this.nextActionAt = now.plus(pollIn);
		touch(now);
		boolean advanced = this.percent > this.reportedPercent;
		boolean stepReached = this.percent >= this.reportedPercent + step;
		boolean intervalPassed = this.progressReportedAt == null
				|| !now.isBefore(this.progressReportedAt.plus(interval));
		if (started || (advanced && (stepReached || intervalPassed))) {
			this.reportedPercent = this.percent;
			this.progressReportedAt = now;
			return true;
		}
		return false;
	}

	/**
	 * The region holds a usable image: the round ends.
	 * @param imageId the regional image
	 * @param now the current time
	 */
	void succeeded(String imageId, Instant now) {
		this.regionalImageId = imageId;
		this.status = JobStatus.SUCCEEDED;
		this.percent = 100;
		this.failureCode = null;
		this.failureReason = null;
		endAttempt(now, Attempt.Outcome.SUCCEEDED, null, null);
		this.finishedAt = now;
		touch(now);
	}

	/**
	 * The current attempt failed. A retryable failure within the attempt limit queues the
	 * next attempt after the given wait; otherwise the round ends.
	 * @param code the failure code
	 * @param reason what went wrong
	 * @param retryable whether trying again can help
	 * @param maxAttempts attempts per round
	 * @param wait the back-off before the next attempt
	 * @param now the current time
	 * @return true if the round ended in failure
	 */
	boolean attemptFailed(String code, String reason, boolean retryable, int maxAttempts, Duration wait, Instant now) {
		this.failureCode = code;
		this.failureReason = reason;
		this.copyToken = null;
		this.regionalImageId = null;
		if (retryable && this.roundAttempts < maxAttempts) {
			endAttempt(now, Attempt.Outcome.RETRYING, code, reason);
			this.status = JobStatus.QUEUED;
			this.nextActionAt = now.plus(wait);
			touch(now);
			return false;
		}
		endAttempt(now, Attempt.Outcome.FAILED, code, reason);
		this.status = JobStatus.FAILED;
		this.finishedAt = now;
		touch(now);
		return true;
	}

	/**
	 * Starts a new round for a failed job, once per command.
	 * @param commandId the ID of the event or request asking for it
	 * @param now the current time
	 * @return whether a new round started
	 */
	boolean retry(String commandId, Instant now) {
		if (this.handledCommandIds.contains(commandId) || this.status != JobStatus.FAILED) {
			return false;
		}
		this.handledCommandIds.add(commandId);
		if (this.handledCommandIds.size() > KEPT_COMMAND_IDS) {
			this.handledCommandIds.remove(0);
		}
		this.status = JobStatus.QUEUED;
		this.roundAttempts = 0;
		this.roundStartedAt = now;
		this.nextActionAt = now;
		this.finishedAt = null;
		this.failureCode = null;
		this.failureReason = null;
		this.percent = 0;
		this.reportedPercent = 0;
		this.progressReportedAt = null;
		touch(now);
		return true;
	}

	/**
	 * Puts the next step off, keeping the job as it is.
	 * @param at when to look again
	 */
	void lookAgainAt(Instant at) {
		this.nextActionAt = at;
	}

	/**
	 * The version was deleted: cancel what runs and remove the regional copy.
	 * @param now the current time
	 * @return whether this changed the job
	 */
	boolean removalRequested(Instant now) {
		if (this.status == JobStatus.REMOVING || this.status == JobStatus.REMOVED) {
			return false;
		}
		if (this.status == JobStatus.QUEUED || this.status == JobStatus.COPYING) {
			endAttempt(now, Attempt.Outcome.CANCELLED, null, "The version was deleted");
		}
		this.status = JobStatus.REMOVING;
		this.roundAttempts = 0;
		this.nextActionAt = now;
		touch(now);
		return true;
	}

	/**
	 * A removal attempt failed; it is tried again after the wait, however often it fails,
	 * since the copy must not outlive its version.
	 * @param code the failure code
	 * @param reason what went wrong
	 * @param wait the back-off
	 * @param now the current time
	 */
	void removalFailed(String code, String reason, Duration wait, Instant now) {
		require(JobStatus.REMOVING);
		this.roundAttempts++;
		this.failureCode = code;
		this.failureReason = reason;
		this.nextActionAt = now.plus(wait);
		touch(now);
	}

	/**
	 * The regional copy is gone.
	 * @param imageId the copy removed, if there was one: also one found by its client
	 * token, whose start was never recorded
	 * @param now the current time
	 */
	void removed(@Nullable String imageId, Instant now) {
		require(JobStatus.REMOVING);
		if (imageId != null) {
			this.regionalImageId = imageId;
		}
		this.status = JobStatus.REMOVED;
		this.failureCode = null;
		this.failureReason = null;
		this.finishedAt = now;
		touch(now);
	}

	void takeLease(String owner, Instant until) {
		this.leaseOwner = owner;
		this.leaseUntil = until;
	}

	/**
	 * Gives the job up with its next save, for any instance to claim when it is due.
	 */
	void releaseLease() {
		this.leaseOwner = null;
		this.leaseUntil = null;
	}

	void addPendingEvent(OutgoingEvent event) {
		this.pendingEvents.add(event);
	}

	/**
	 * Drops events Kafka has taken from this copy of the job, so that its next save
	 * removes them from the store too.
	 * @param eventIds the events sent
	 */
	void forgetSentEvents(Collection<String> eventIds) {
		this.pendingEvents.removeIf((event) -> eventIds.contains(event.eventId()));
	}

	private void endAttempt(Instant now, Attempt.Outcome outcome, @Nullable String code, @Nullable String reason) {
		if (!this.history.isEmpty()) {
			Attempt last = this.history.get(this.history.size() - 1);
			if (last.endedAt() == null) {
				this.history.set(this.history.size() - 1, last.ended(now, outcome, code, reason));
			}
		}
		this.attemptStartedAt = null;
	}

	private void remember(Attempt attempt) {
		this.history.add(attempt);
		if (this.history.size() > KEPT_ATTEMPTS) {
			this.history.remove(0);
		}
	}

	private void require(JobStatus expected) {
		if (this.status != expected) {
			throw new IllegalStateException("Job " + this.id + " is " + this.status + ", not " + expected);
		}
	}

	private void touch(Instant now) {
		this.updatedAt = now;
	}

	public String getId() {
		return this.id;
	}

	public @Nullable Long getRevision() {
		return this.revision;
	}

	public String getPackageId() {
		return this.packageId;
	}

	public String getOwnerAccountId() {
		return this.ownerAccountId;
	}

	public int getVersionNumber() {
		return this.versionNumber;
	}

	public String getRegion() {
		return this.region;
	}

	public SourceImage getSource() {
		return this.source;
	}

	public JobStatus getStatus() {
		return this.status;
	}

	public int getAttempts() {
		return this.attempts;
	}

	public int getRoundAttempts() {
		return this.roundAttempts;
	}

	public @Nullable String getCopyToken() {
		return this.copyToken;
	}

	public @Nullable String getRegionalImageId() {
		return this.regionalImageId;
	}

	public int getPercent() {
		return this.percent;
	}

	public @Nullable Instant getEstimatedCompletionAt() {
		return this.estimatedCompletionAt;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getRoundStartedAt() {
		return this.roundStartedAt;
	}

	public @Nullable Instant getAttemptStartedAt() {
		return this.attemptStartedAt;
	}

	public @Nullable Instant getFinishedAt() {
		return this.finishedAt;
	}

	public Instant getNextActionAt() {
		return this.nextActionAt;
	}

	/**
	 * When the job next needs work: its next action while it is active or has events to
	 * send, otherwise nothing.
	 * @return the time, or {@code null} for a job that needs no more work
	 */
	public @Nullable Instant getDueAt() {
		return (this.status.isActive() || !this.pendingEvents.isEmpty()) ? this.nextActionAt : null;
	}

	/**
	 * Ignores the stored value, which the job's state decides.
	 * @param dueAt the stored value
	 */
	public void setDueAt(@Nullable Instant dueAt) {
		// Decided by the job's state.
	}

	public @Nullable String getFailureCode() {
		return this.failureCode;
	}

	public @Nullable String getFailureReason() {
		return this.failureReason;
	}

	public List<Attempt> getHistory() {
		return List.copyOf(this.history);
	}

	public List<OutgoingEvent> getPendingEvents() {
		return List.copyOf(this.pendingEvents);
	}

	public @Nullable String getLeaseOwner() {
		return this.leaseOwner;
	}

	public @Nullable Instant getLeaseUntil() {
		return this.leaseUntil;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

}
