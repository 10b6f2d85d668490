package dev.imagepack.packages.deployment;

/**
 * Where a version is in its life: a draft, then distribution, then a settled outcome,
 * then deletion.
 */
public enum VersionStatus {

	/** Editable; usable only in the source image's region. */
	DRAFT,

	/** Published; regions are still replicating. */
	DISTRIBUTING,

	/** Every region succeeded. */
	AVAILABLE,

	/** Some regions failed, at least one succeeded. */
	PARTIALLY_AVAILABLE,

	/** Every region failed. */
	FAILED,

	/** Deleted; regional copies are being removed. */
	DELETING,

	/** Deleted and every regional copy removed. */
	DELETED;

	/**
	 * Whether distribution has ended, for good or for bad, and a retry may start it
	 * again.
	 * @return true for the three settled outcomes
	 */
	public boolean isSettled() {
		return this == AVAILABLE || this == PARTIALLY_AVAILABLE || this == FAILED;
	}

	/**
	 * Whether the version is gone or going.
	 * @return true while deleting and once deleted
	 */
	public boolean isDeleted() {
		return this == DELETING || this == DELETED;
	}

}
