package dev.imagepack.mapping.version;

import java.util.regex.Pattern;

/**
 * Which version a lookup means: the draft, a published number, or the newest published
 * version usable in the region.
 *
 * @param kind how the version is named
 * @param number the version number when {@link Kind#NUMBER}; 0 otherwise
 */
public record VersionSelector(Kind kind, int number) {

	private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,8}");

	/**
	 * Reads a version as a path names it.
	 * @param text {@code draft}, {@code latest} or a number from 1
	 * @return the selector
	 * @throws IllegalArgumentException for anything else
	 */
	public static VersionSelector parse(String text) {
		return switch (text) {
			case "draft" -> new VersionSelector(Kind.DRAFT, 0);
			case "latest" -> new VersionSelector(Kind.LATEST, 0);
			default -> {
				if (!NUMBER.matcher(text).matches()) {
					throw new IllegalArgumentException("must be 'draft', 'latest' or a version number from 1");
				}
				yield new VersionSelector(Kind.NUMBER, Integer.parseInt(text));
			}
		};
	}

	@Override
	public String toString() {
		return switch (this.kind) {
			case DRAFT -> "draft";
			case LATEST -> "latest";
			case NUMBER -> Integer.toString(this.number);
		};
	}

	/**
	 * How a version is named.
	 */
	public enum Kind {

		/** The package's current draft. */
		DRAFT,

		/** A published version by number. */
		NUMBER,

		/** The newest published version usable in the region. */
		LATEST

	}

}
