package dev.imagepack.replication.job;

/**
 * Where a replication job stands.
 */
public enum JobStatus {

	/** Waiting for its next attempt, now or after a back-off. */
	QUEUED,

	/** A copy is running in the cloud. */
	COPYING,

	/** The region holds a usable image. */
	SUCCEEDED,

	/** The region failed for good in this round; a retry starts a new round. */
	FAILED,

	/** The version was deleted: the regional copy is being removed. */
	REMOVING,

	/** The regional copy is gone. */
	REMOVED;

	/**
	 * Whether the job still has work to do.
	 * @return true for queued, copying and removing jobs
	 */
	public boolean isActive() {
		return this == QUEUED || this == COPYING || this == REMOVING;
	}

}
