package dev.imagepack.packages.deployment;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * Version names are unique within a package.
 */
public class VersionNameTakenException extends ApiProblem {

	public VersionNameTakenException(String packageId, String versionName) {
		super("version-name-taken", "Version name taken", 409,
				"Package " + packageId + " already has a version named " + versionName,
				Map.of("packageId", packageId, "versionName", versionName));
	}

}
