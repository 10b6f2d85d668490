package dev.imagepack.platform.problem;

import java.util.List;
import java.util.Map;

/**
 * A request the service's rules refuse, answered as an RFC 9457 problem. Each kind has a
 * stable type, a fixed title and an HTTP status; the identifiers it concerns travel as
 * problem properties.
 */
public abstract class ApiProblem extends RuntimeException {

	private static final List<String> RESERVED = List.of("type", "title", "status", "detail", "instance");

	private final String type;

	private final String title;

	private final int status;

	private final Map<String, Object> properties;

	/**
	 * Creates a problem.
	 * @param type the last segment of the type URI, such as {@code version-locked}
	 * @param title the fixed summary of this kind of problem
	 * @param status the HTTP status
	 * @param detail what went wrong in this case, and what to do
	 * @param properties identifiers of what the problem concerns
	 */
	protected ApiProblem(String type, String title, int status, String detail, Map<String, Object> properties) {
		super(detail);
		for (String reserved : RESERVED) {
			if (properties.containsKey(reserved)) {
				throw new IllegalArgumentException("'" + reserved + "' is a member of every problem, not a property");
			}
		}
		this.type = type;
		this.title = title;
		this.status = status;
		this.properties = Map.copyOf(properties);
	}

	/**
	 * The last segment of the problem type URI.
	 * @return the type name
	 */
	public String type() {
		return this.type;
	}

	/**
	 * The fixed, human-readable summary of this kind of problem.
	 * @return the title
	 */
	public String title() {
		return this.title;
	}

	/**
	 * The HTTP status that answers it.
	 * @return the status code
	 */
	public int status() {
		return this.status;
	}

	/**
	 * Identifiers of what the problem concerns.
	 * @return the properties
	 */
	public Map<String, Object> properties() {
		return this.properties;
	}

}
