package dev.imagepack.mapping.version;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * The caller may use the package, but the version does not exist, was deleted, or is
 * being deleted.
 */
public class VersionNotFoundException extends ApiProblem {

	public VersionNotFoundException(String packageId, String version, String why) {
		super("version-not-found", "Version not found", 404,
				"Version " + version + " of package " + packageId + " " + why,
				Map.of("packageId", packageId, "version", version));
	}

}
