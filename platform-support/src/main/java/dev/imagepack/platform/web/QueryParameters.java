package dev.imagepack.platform.web;

import org.jspecify.annotations.Nullable;

/**
 * Query parameters of the listing endpoints.
 */
public final class QueryParameters {

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

}
