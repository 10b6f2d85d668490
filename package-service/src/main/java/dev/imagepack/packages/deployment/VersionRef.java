package dev.imagepack.packages.deployment;

import org.jspecify.annotations.Nullable;

/**
 * How a version is addressed in the API and in events: {@code draft}, or its number.
 *
 * @param number the version number, or null for the draft
 */
public record VersionRef(@Nullable Integer number) {

	/** The address of a package's draft. */
	public static final String DRAFT = "draft";

	/**
	 * Parses {@code draft} or a positive decimal number.
	 * @param text the reference
	 * @return the reference
	 * @throws IllegalArgumentException if the text is neither
	 */
	public static VersionRef parse(String text) {
		if (DRAFT.equals(text)) {
			return new VersionRef(null);
		}
		if (!text.matches("[1-9][0-9]{0,8}")) {
			throw new IllegalArgumentException("A version is 'draft' or a number from 1, not '" + text + "'");
		}
		return new VersionRef(Integer.valueOf(text));
	}

	/**
	 * Whether this names the draft.
	 * @return true for the draft
	 */
	public boolean isDraft() {
		return this.number == null;
	}

	@Override
	public String toString() {
		return (this.number != null) ? this.number.toString() : DRAFT;
	}

}
