package dev.imagepack.platform.problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects violations while a request is checked, then refuses it with all of them at
 * once.
 */
public final class Violations {

	private final List<Violation> found = new ArrayList<>();

	/**
	 * Records a violation when a rule does not hold.
	 * @param holds whether the rule holds
	 * @param field the field
	 * @param message what is wrong and what is allowed
	 * @return whether the rule held
	 */
	public boolean check(boolean holds, String field, String message) {
		if (!holds) {
			this.found.add(new Violation(field, message));
		}
		return holds;
	}

	/**
	 * How many characters text has, as a reader counts them: a character outside the
	 * Basic Multilingual Plane (an emoji, say) is one, where {@link String#length()}
	 * counts two.
	 * @param text the text
	 * @return its characters (code points)
	 */
	public static int characters(String text) {
		return text.codePointCount(0, text.length());
	}

	/**
	 * Whether text is fit to store and show: well-formed Unicode, without control
	 * characters, without the bidirectional embeddings, overrides and isolates that make
	 * text display in another order than it is stored (U+202A to U+202E, U+2066 to
	 * U+2069), and with line breaks and tabs only where they are allowed.
	 * @param text the text
	 * @param multiline whether line breaks and tabs are allowed
	 * @return true if the text is plain
	 */
	public static boolean isPlainText(String text, boolean multiline) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
				continue;
			}
			if (Character.isLowSurrogate(c)) {
				return false;
			}
			if (multiline && (c == '\n' || c == '\r' || c == '\t')) {
				continue;
			}
			int type = Character.getType(c);
			if (type == Character.CONTROL || type == Character.UNASSIGNED || type == Character.LINE_SEPARATOR
					|| type == Character.PARAGRAPH_SEPARATOR || c == '\uFEFF' || (c >= '\u202A' && c <= '\u202E')
					|| (c >= '\u2066' && c <= '\u2069')) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Reads the page size of a listing: 1 to 100.
	 * @param raw the query parameter as sent
	 * @return the page size, or -1 after recording a violation
	 */
	public int pageSize(String raw) {
		int size = raw.matches("[0-9]{1,3}") ? Integer.parseInt(raw) : -1;
		return check(size >= 1 && size <= 100, "pageSize", "must be 1 to 100") ? size : -1;
	}

	/**
	 * Records a violation.
	 * @param field the field
	 * @param message what is wrong and what is allowed
	 */
	public void add(String field, String message) {
		this.found.add(new Violation(field, message));
	}

	/**
	 * Whether nothing was found so far.
	 * @return true without violations
	 */
	public boolean isEmpty() {
		return this.found.isEmpty();
	}

	/**
	 * Refuses the request if anything was found.
	 * @throws InvalidRequestException with every violation
	 */
	public void throwIfAny() {
		if (!this.found.isEmpty()) {
			throw new InvalidRequestException(this.found);
		}
	}

}
