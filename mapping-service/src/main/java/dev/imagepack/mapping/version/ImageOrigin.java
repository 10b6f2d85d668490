package dev.imagepack.mapping.version;

/**
 * What a resolved image ID came from.
 */
public enum ImageOrigin {

	/** The version's own source image, in its source region. */
	SOURCE_IMAGE,

	/** The regional copy that replication made. */
	REPLICA

}
