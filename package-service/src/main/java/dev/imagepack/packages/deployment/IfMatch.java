package dev.imagepack.packages.deployment;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.imagepack.platform.problem.InvalidRequestException;
import dev.imagepack.platform.problem.Violation;

/**
 * The {@code If-Match} precondition (RFC 9110, section 13.1.1): {@code *}, or a list of
 * entity tags of which one must equal the current one by strong comparison.
 */
final class IfMatch {

	private static final Pattern ENTITY_TAG = Pattern.compile("\\s*(W/)?\"([\\x21\\x23-\\x7E]*)\"\\s*(,|$)");

	private IfMatch() {
	}

	/**
	 * Whether a precondition holds for the current entity tag.
	 * @param header the {@code If-Match} value
	 * @param current the current, quoted entity tag
	 * @return true if the change may go ahead
	 * @throws InvalidRequestException if the header is not an entity tag list
	 */
	static boolean matches(String header, String current) {
		if (header.strip().equals("*")) {
			return true;
		}
		Matcher tag = ENTITY_TAG.matcher(header);
		int at = 0;
		boolean matched = false;
		while (at < header.length()) {
			if (!tag.find(at) || tag.start() != at) {
				throw malformed();
			}
			boolean weak = tag.group(1) != null;
			matched |= !weak && current.equals("\"" + tag.group(2) + "\"");
			at = tag.end();
			if (tag.group(3).isEmpty()) {
				break;
			}
		}
		if (at == 0 || at < header.length()) {
			throw malformed();
		}
		return matched;
	}

	private static InvalidRequestException malformed() {
		return new InvalidRequestException(List
			.of(new Violation("If-Match", "must be * or entity tags as the ETag header gives them, such as \"7\"")));
	}

}
