package dev.imagepack.replication.job;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How jobs run.
 *
 * @param instanceId this instance's name in job leases; a random one when not set
 * @param maxActiveJobs how many jobs this instance works on at once
 * @param maxActiveJobsPerRegion how many of them may target one region
 * @param workerThreads how many cloud calls this instance makes at once
 * @param maxAttempts attempts per round before a region fails for good
 * @param initialBackoff the wait before the second attempt
 * @param maxBackoff the longest wait between attempts
 * @param jitter the random share added to or taken from each wait, 0 to 1
 * @param pollInterval how often a running copy is described
 * @param copyTimeout how long one copy may run before it counts as failed
 * @param leaseDuration how long a job stays with an instance that stops renewing it
 * @param tick how often the worker looks for due work
 * @param progressStep report progress every this many percent
 * @param progressInterval report progress at least this often while it advances
 */
@ConfigurationProperties("imagepack.replication")
public record ReplicationProperties(@Nullable String instanceId, @DefaultValue("16") int maxActiveJobs,
		@DefaultValue("4") int maxActiveJobsPerRegion, @DefaultValue("4") int workerThreads,
		@DefaultValue("4") int maxAttempts, @DefaultValue("2s") Duration initialBackoff,
		@DefaultValue("2m") Duration maxBackoff, @DefaultValue("0.2") double jitter,
		@DefaultValue("2s") Duration pollInterval, @DefaultValue("6h") Duration copyTimeout,
		@DefaultValue("15s") Duration leaseDuration, @DefaultValue("200ms") Duration tick,
		@DefaultValue("10") int progressStep, @DefaultValue("30s") Duration progressInterval) {

	public ReplicationProperties {
		require(maxActiveJobs >= 1, "max-active-jobs must be at least 1");
		require(maxActiveJobsPerRegion >= 1, "max-active-jobs-per-region must be at least 1");
		require(workerThreads >= 1, "worker-threads must be at least 1");
		require(maxAttempts >= 1, "max-attempts must be at least 1");
		require(jitter >= 0 && jitter <= 1, "jitter must lie between 0 and 1");
		require(progressStep >= 1 && progressStep <= 100, "progress-step must lie between 1 and 100");
		require(!leaseDuration.isNegative() && leaseDuration.toMillis() >= 3 * tick.toMillis(),
				"lease-duration must be at least three ticks");
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException("imagepack.replication." + message);
		}
	}

}
