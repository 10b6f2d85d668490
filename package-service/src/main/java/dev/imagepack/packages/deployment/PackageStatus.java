package dev.imagepack.packages.deployment;

/**
 * Whether a package is in use, being deleted, or gone.
 */
public enum PackageStatus {

	/** The package and its versions can be used and changed. */
	ACTIVE,

	/** Deleted; regional copies of its versions are being removed. */
	DELETING,

	/** Deleted and every regional copy removed. */
	DELETED

}
