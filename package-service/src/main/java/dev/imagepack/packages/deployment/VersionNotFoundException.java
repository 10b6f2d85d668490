package dev.imagepack.packages.deployment;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * The package has no such version, or no draft.
 */
public class VersionNotFoundException extends ApiProblem {

	public VersionNotFoundException(String packageId, VersionRef version) {
		super("version-not-found", "Version not found", 404,
				version.isDraft() ? "Package " + packageId + " has no draft"
						: "Package " + packageId + " has no version " + version,
				Map.of("packageId", packageId, "version", version.toString()));
	}

}
