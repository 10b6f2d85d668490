package dev.imagepack.packages.deployment;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * The package changed since the caller read it: its {@code If-Match} no longer matches.
 */
public class StaleETagException extends ApiProblem {

	public StaleETagException(String packageId, String expected, String current) {
		super("precondition-failed", "Package changed", 412,
				"Package " + packageId + " changed since you read it (If-Match " + expected + ", now " + current
						+ "); read it again and retry",
				Map.of("packageId", packageId, "currentETag", current));
	}

}
