package dev.imagepack.mapping.version;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * No package with this ID exists for the caller. A package the caller may not use, and a
 * deleted one, get the very same answer, so that existence does not leak.
 */
public class MappingNotFoundException extends ApiProblem {

	public MappingNotFoundException(String packageId) {
		super("mapping-not-found", "Mapping not found", 404, "No package " + packageId + " exists for your account",
				Map.of("packageId", packageId));
	}

}
