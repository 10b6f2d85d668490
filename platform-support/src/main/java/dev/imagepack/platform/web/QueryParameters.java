package dev.imagepack.platform.web;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.imagepack.platform.problem.Violations;

/**
 * Query parameters of the listing endpoints.
 */
public final class QueryParameters {

	private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private static final int MAX_REPORTED = 10;

	private QueryParameters() {
	}

	/**
	 * A query parameter as given: an empty one ({@code ?status=}, as a form left blank
	 * sends it, or a call template copied whole) counts as absent, as an empty
	 * {@code pageSize} does.
	 * @param value the parameter's value, or null if absent
	 * @return the value, or null if absent or empty
	 */
	public static @Nullable String given(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	/**
	 * Records every query parameter a listing does not take: a misspelt filter
	 * ({@code ?staus=DRAFT}) would otherwise list everything as if it were not there. One
	 * it takes given more than once is refused before, as on every endpoint
	 * ({@link SingleValuedParameters}).
	 * @param request the request
	 * @param known the parameters the listing takes
	 * @param violations where each unknown one is recorded, by its name
	 */
	public static void onlyKnown(HttpServletRequest request, Set<String> known, Violations violations) {
		int reported = 0;
		for (String name : Collections.list(request.getParameterNames())) {
			if (reported == MAX_REPORTED) {
				break;
			}
			if (known.contains(name)) {
				continue;
			}
			reported++;
			// Named back only when it looks like a parameter name.
			violations.add(PLAIN_NAME.matcher(name).matches() ? name : "query", "is not a parameter of this listing, "
					+ (known.isEmpty() ? "which takes none" : "which takes " + new TreeSet<>(known)));
		}
	}

}
