package dev.imagepack.mapping.version;

/**
 * Where a version's image comes from.
 */
public enum ImageKind {

	/** An image of the ISV's own account, with an image ID in the source region. */
	CUSTOM,

	/** A marketplace product: no image ID exists until a region holds a copy. */
	MARKETPLACE

}
