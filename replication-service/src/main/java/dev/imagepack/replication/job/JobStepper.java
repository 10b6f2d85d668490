package dev.imagepack.replication.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagepack.replication.cloud.CloudException;
import dev.imagepack.replication.cloud.CloudFailure;
import dev.imagepack.replication.cloud.CloudImages;
import dev.imagepack.replication.cloud.CopyRequest;
import dev.imagepack.replication.cloud.CopyStatus;

/**
 * Takes a job one step further: starts an attempt, polls a running copy, or removes the
 * regional copy. Cloud calls happen here and nowhere else; the caller stores the job and
 * relays the events the step appended.
 */
class JobStepper {

	private static final Logger logger = LoggerFactory.getLogger(JobStepper.class);

	private final CloudImages cloud;

	private final JobEvents events;

	private final ReplicationProperties properties;

	private final Random random = new Random();

	private final Clock clock;

	private final Function<String, Optional<ReplicationJob>> jobs;

	JobStepper(CloudImages cloud, JobEvents events, ReplicationProperties properties, Clock clock,
			Function<String, Optional<ReplicationJob>> jobs) {
		this.cloud = cloud;
		this.events = events;
		this.properties = properties;
		this.clock = clock;
		this.jobs = jobs;
	}

	/**
	 * Takes the job one step further.
	 * @param job the job, changed in place
	 * @param instanceId the instance working on it
	 * @param now the current time
	 * @return whether the step must be stored before the job is worked on again: false
	 * only for a copy started in this step that the cloud expects to finish by the next
	 * look, whose start is then stored with its result (should this instance stop before,
	 * the attempt's client token finds the copy again)
	 */
	boolean advance(ReplicationJob job, String instanceId, Instant now) {
		switch (job.getStatus()) {
			case QUEUED -> startAttempt(job, instanceId, now);
			case COPYING -> {
				return poll(job, now);
			}
			case REMOVING -> remove(job, now);
			default -> {
				// Nothing to do for a settled job.
			}
		}
		return true;
	}

	/**
	 * Begins a new job's first attempt before the job is first stored, where that takes
	 * no cloud call and reports nothing: a custom image's. The job is then stored once,
	 * with its attempt and client token, before its copy starts, where it would otherwise
	 * be stored queued and then again begun.
	 * @param job a job just queued, changed in place
	 * @param instanceId the instance that runs it
	 * @param now the current time
	 * @return whether the attempt was begun
	 */
	boolean beginFirstAttempt(ReplicationJob job, String instanceId, Instant now) {
		if (job.getStatus() != JobStatus.QUEUED || job.getAttempts() != 0
				|| job.getSource().kind() != SourceImage.Kind.CUSTOM) {
			return false;
		}
		// A round's first attempt reports its start with its copy: no event yet.
		startAttempt(job, instanceId, now);
		return true;
	}

	private void startAttempt(ReplicationJob job, String instanceId, Instant now) {
		job.beginAttempt(instanceId, now);
		if (!reportsItsStartWithItsCopy(job)) {
			job.addPendingEvent(this.events.progressed(job, now));
		}
		if (job.getSource().kind() == SourceImage.Kind.MARKETPLACE) {
			resolveMarketplaceImage(job, now);
		}
		// A copy starts only on the next step, once the attempt and its client token are
		// stored: a deletion that races the start then still knows the token, and with it
		// the copy to remove.
	}

	private void resolveMarketplaceImage(ReplicationJob job, Instant now) {
		String productCode = required(job.getSource().productCode(), "marketplace product code");
		try {
			Optional<String> image = this.cloud.findMarketplaceImage(productCode, job.getRegion());
			if (image.isPresent()) {
				succeed(job, image.get(), now);
			}
			else {
				failAttempt(job, CloudFailure.PRODUCT_NOT_OFFERED,
						"Marketplace product " + productCode + " is not offered in " + job.getRegion(), now);
			}
		}
		catch (CloudException ex) {
			failAttempt(job, ex.failure(), ex.getMessage(), now);
		}
	}

	private boolean poll(ReplicationJob job, Instant now) {
		try {
			String imageId = job.getRegionalImageId();
			boolean startedNow = imageId == null;
			if (imageId == null) {
				// Idempotent by the attempt's client token: after a crash this finds
				// the copy the lost step started instead of starting another.
				CopyRequest request = copyRequest(job);
				if (copiesFromSourceRegion(job)) {
					String sourceCopy = sourceRegionCopy(job, now);
					if (sourceCopy == null) {
						return true;
					}
					request = request.from(sourceCopy);
				}
				imageId = this.cloud.startCopy(request);
				job.copyStarted(imageId, now, this.properties.pollInterval());
				logger.atInfo()
					.addKeyValue("jobId", job.getId())
					.addKeyValue("imageId", imageId)
					.addKeyValue("attempt", job.getAttempts())
					.log("Copy started");
				// Described at once, before the start is stored: a copy the cloud
				// finishes at once (a small image) is then stored once, with its
				// result. Were the step lost, the attempt's client token finds this copy
				// again, as it does when a crash comes right after the start.
			}
			CopyStatus status = this.cloud.describeCopy(job.getRegion(), imageId);
			switch (status.state()) {
				case AVAILABLE -> succeed(job, imageId, now);
				case COPYING -> {
					Instant started = job.getAttemptStartedAt();
					if (started != null && now.isAfter(started.plus(this.properties.copyTimeout()))) {
						deleteQuietly(job, imageId);
						failAttempt(job, CloudFailure.TIMED_OUT,
								"The copy ran longer than " + this.properties.copyTimeout(), now);
					}
					else if (startedNow && finishesByNextLook(status)) {
						// Its start, and its progress so far, would be overwritten by its
						// result before anyone could look: one write instead of two.
						job.lookAgainAt(later(status.estimatedCompletionAt(), now));
						return false;
					}
					else if (job.progressed(status.percent(), status.estimatedCompletionAt(), now,
							this.properties.progressStep(), this.properties.progressInterval(),
							this.properties.pollInterval(), startedNow && reportsItsStartWithItsCopy(job))) {
						job.addPendingEvent(this.events.progressed(job, now));
					}
				}
				case FAILED -> {
					deleteQuietly(job, imageId);
					failAttempt(job, CloudFailure.COPY_FAILED,
							(status.failureReason() != null) ? status.failureReason() : "The copy failed", now);
				}
				case NOT_FOUND -> failAttempt(job, CloudFailure.COPY_FAILED,
						"The copy " + imageId + " disappeared from " + job.getRegion(), now);
			}
		}
		catch (CloudException ex) {
			String started = job.getRegionalImageId();
			Instant attemptStarted = job.getAttemptStartedAt();
			boolean timedOut = attemptStarted != null
					&& now.isAfter(attemptStarted.plus(this.properties.copyTimeout()));
			if (started != null && ex.failure().isRetryable() && !timedOut) {
				// The copy may still be running: it is described again later rather than
				// abandoned for a new attempt, which would leave it behind.
				job.lookAgainAt(now.plus(backoff(1)));
				logger.atWarn()
					.addKeyValue("jobId", job.getId())
					.addKeyValue("imageId", started)
					.addKeyValue("failure", ex.failure())
					.log("Describing the copy failed; looking again later");
				return true;
			}
			if (started != null) {
				deleteQuietly(job, started);
			}
			failAttempt(job, ex.failure(), ex.getMessage(), now);
		}
		return true;
	}

	/**
	 * Whether the attempt reports its start once its copy is under way and outlasts the
	 * next look, rather than as it begins. A round's first attempt does: a region copied
	 * at once then reports only its result, one event instead of two for every consumer.
	 * A retry reports as it begins, so that consumers see the region tried again, and
	 * then as its copy progresses.
	 */
	private static boolean reportsItsStartWithItsCopy(ReplicationJob job) {
		return job.getRoundAttempts() == 1;
	}

	/**
	 * Whether the cloud expects the copy to end within a poll interval of its
	 * description: read from the clock, since the step's time was taken before the copy
	 * was started.
	 */
	private boolean finishesByNextLook(CopyStatus status) {
		Instant expected = status.estimatedCompletionAt();
		return expected != null && !expected.isAfter(this.clock.instant().plus(this.properties.pollInterval()));
	}

	private static Instant later(@Nullable Instant expected, Instant now) {
		return (expected != null && expected.isAfter(now)) ? expected : now;
	}

	private boolean copiesFromSourceRegion(ReplicationJob job) {
		return !this.cloud.copiesSharedImagesAcrossRegions() && !job.getRegion().equals(job.getSource().sourceRegion());
	}

	/**
	 * The distribution account's copy in the source region, which this region is copied
	 * from when the cloud copies shared images only within their region. Until it is
	 * available the job waits; if it failed, so does this region.
	 */
	private @Nullable String sourceRegionCopy(ReplicationJob job, Instant now) {
		String sourceJobId = ReplicationJob.idOf(job.getPackageId(), job.getVersionNumber(),
				job.getSource().sourceRegion());
		ReplicationJob sourceJob = this.jobs.apply(sourceJobId).orElse(null);
		if (sourceJob != null && sourceJob.getStatus() == JobStatus.SUCCEEDED
				&& sourceJob.getRegionalImageId() != null) {
			return sourceJob.getRegionalImageId();
		}
		if (sourceJob != null && (sourceJob.getStatus() == JobStatus.FAILED
				|| sourceJob.getStatus() == JobStatus.REMOVING || sourceJob.getStatus() == JobStatus.REMOVED)) {
			failAttempt(job, CloudFailure.SOURCE_COPY_FAILED,
					"The copy in the source region " + job.getSource().sourceRegion()
							+ ", which this region is copied from, " + ((sourceJob.getStatus() == JobStatus.FAILED)
									? "failed: " + sourceJob.getFailureReason() : "was removed"),
					now);
			return null;
		}
		job.waitForSourceCopy(now, this.properties.pollInterval());
		return null;
	}

	private void remove(ReplicationJob job, Instant now) {
		String removedImageId = null;
		try {
			if (job.getSource().kind() == SourceImage.Kind.CUSTOM) {
				removedImageId = job.getRegionalImageId();
				if (removedImageId == null && job.getCopyToken() != null) {
					// A copy may have started without its ID being stored; the same
					// client token names it.
					removedImageId = copyOfLostStep(job);
				}
				if (removedImageId != null) {
					this.cloud.deleteImage(job.getRegion(), removedImageId);
				}
			}
			// A marketplace product's image belongs to the product: nothing to delete.
			job.removed(removedImageId, now);
			job.addPendingEvent(this.events.removed(job, removedImageId, now));
			logger.atInfo()
				.addKeyValue("jobId", job.getId())
				.addKeyValue("imageId", removedImageId)
				.log("Regional copy removed");
		}
		catch (CloudException ex) {
			job.removalFailed(ex.failure().name(), ex.getMessage(), backoff(job.getRoundAttempts() + 1), now);
			logger.atWarn()
				.addKeyValue("jobId", job.getId())
				.addKeyValue("failure", ex.failure())
				.log("Removing the regional copy failed; trying again");
		}
	}

	private @Nullable String copyOfLostStep(ReplicationJob job) {
		try {
			return this.cloud.startCopy(copyRequest(job));
		}
		catch (CloudException ex) {
			if (ex.failure().isRetryable()) {
				throw ex;
			}
			// Refused for good, so no copy was ever started with this token.
			return null;
		}
	}

	private void succeed(ReplicationJob job, String imageId, Instant now) {
		job.succeeded(imageId, now);
		job.addPendingEvent(this.events.replicated(job, now));
		logger.atInfo()
			.addKeyValue("jobId", job.getId())
			.addKeyValue("imageId", imageId)
			.addKeyValue("attempts", job.getAttempts())
			.log("Region replicated");
	}

	private void failAttempt(ReplicationJob job, CloudFailure failure, String reason, Instant now) {
		boolean final_ = job.attemptFailed(failure.name(), reason, failure.isRetryable(), this.properties.maxAttempts(),
				backoff(job.getRoundAttempts()), now);
		if (final_) {
			job.addPendingEvent(this.events.replicated(job, now));
			logger.atWarn()
				.addKeyValue("jobId", job.getId())
				.addKeyValue("failure", failure)
				.addKeyValue("attempts", job.getAttempts())
				.log("Region failed: " + reason);
		}
		else {
			logger.atInfo()
				.addKeyValue("jobId", job.getId())
				.addKeyValue("failure", failure)
				.addKeyValue("retryAt", job.getNextActionAt())
				.log("Attempt failed; retrying: " + reason);
		}
	}

	private void deleteQuietly(ReplicationJob job, String imageId) {
		try {
			this.cloud.deleteImage(job.getRegion(), imageId);
		}
		catch (CloudException ex) {
			logger.atWarn()
				.addKeyValue("jobId", job.getId())
				.addKeyValue("imageId", imageId)
				.addKeyValue("failure", ex.failure())
				.log("The failed copy could not be deleted");
		}
	}

	/**
	 * The wait after a failed attempt: exponential from the initial back-off, capped,
	 * with random jitter so that failures in many regions do not retry in lockstep.
	 */
	Duration backoff(int failedAttempts) {
		double base = this.properties.initialBackoff().toMillis() * Math.pow(2, Math.max(0, failedAttempts - 1));
		double capped = Math.min(base, this.properties.maxBackoff().toMillis());
		double factor = 1 + this.properties.jitter() * (2 * this.random.nextDouble() - 1);
		return Duration.ofMillis(Math.max(0, Math.round(capped * factor)));
	}

	private static CopyRequest copyRequest(ReplicationJob job) {
		SourceImage source = job.getSource();
		return new CopyRequest(source.sourceRegion(), required(source.sourceImageId(), "source image"), job.getRegion(),
				source.sizeGib(), required(job.getCopyToken(), "client token"),
				"imagepack-" + job.getPackageId() + "-v" + job.getVersionNumber());
	}

	private static <T> T required(@Nullable T value, String what) {
		if (value == null) {
			throw new IllegalStateException("A job without " + what);
		}
		return value;
	}

}
