package dev.imagepack.packages.deployment;

/**
 * Where one region of a published version stands.
 */
public enum RegionStatus {

	/** Waiting for replication to start or to report. */
	PENDING,

	/** Replication reported progress. */
	REPLICATING,

	/** The region holds a usable copy. */
	SUCCEEDED,

	/** Replication failed for good; a retry may start it again. */
	FAILED,

	/** The version was deleted and the regional copy removed. */
	REMOVED;

	/**
	 * Whether replication has ended in this region.
	 * @return true once succeeded or failed
	 */
	public boolean isFinal() {
		return this == SUCCEEDED || this == FAILED;
	}

}
