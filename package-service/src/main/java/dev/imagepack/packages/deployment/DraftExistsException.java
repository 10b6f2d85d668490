package dev.imagepack.packages.deployment;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * A package has at most one draft.
 */
public class DraftExistsException extends ApiProblem {

	public DraftExistsException(String packageId) {
		super("draft-exists", "Draft already exists", 409,
				"Package " + packageId + " already has a draft; edit or publish it, or delete it first",
				Map.of("packageId", packageId));
	}

}
