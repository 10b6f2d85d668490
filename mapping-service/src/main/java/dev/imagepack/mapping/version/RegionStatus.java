package dev.imagepack.mapping.version;

/**
 * Where replication into one region stands.
 */
public enum RegionStatus {

	/** Selected, but nothing reported yet. */
	PENDING,

	/** A copy is being made, or a retry was requested. */
	REPLICATING,

	/** The region holds a usable copy. */
	SUCCEEDED,

	/** Replication failed for good, until a retry. */
	FAILED,

	/** The copy was removed because the version is being deleted. */
	REMOVED

}
