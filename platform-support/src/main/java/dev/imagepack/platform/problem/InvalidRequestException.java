package dev.imagepack.platform.problem;

import java.util.List;
import java.util.Map;

/**
 * A request whose fields break the rules; every violation is listed, not only the first.
 */
public class InvalidRequestException extends ApiProblem {

	private final List<Violation> violations;

	public InvalidRequestException(List<Violation> violations) {
		super("invalid-request", "Invalid request", 400, describe(violations), Map.of());
		this.violations = List.copyOf(violations);
	}

	private static String describe(List<Violation> violations) {
		if (violations.size() == 1) {
			Violation violation = violations.get(0);
			return violation.field() + ": " + violation.message();
		}
		return violations.size() + " fields are invalid; see errors";
	}

	/**
	 * The violations.
	 * @return every invalid field
	 */
	public List<Violation> violations() {
		return this.violations;
	}

}
