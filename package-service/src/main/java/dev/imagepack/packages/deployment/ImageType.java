package dev.imagepack.packages.deployment;

/**
 * Where a version's image comes from.
 */
public enum ImageType {

	/** An image of the ISV's own account, or a public image, copied into each region. */
	CUSTOM,

	/**
	 * A marketplace product, whose own image in each region is used; nothing is copied.
	 */
	MARKETPLACE

}
