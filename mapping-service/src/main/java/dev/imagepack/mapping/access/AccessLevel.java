package dev.imagepack.mapping.access;

/**
 * Who besides the owner and operators may use a package.
 */
public enum AccessLevel {

	/** Only the owner. Also what a package has before any visibility is known. */
	PRIVATE,

	/** The owner and the listed accounts. */
	WHITELIST,

	/** Every account. */
	PUBLIC

}
