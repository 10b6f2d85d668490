package dev.imagepack.packages.deployment;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * No package with this ID exists for the caller; another account's package looks the
 * same, so that existence does not leak.
 */
public class PackageNotFoundException extends ApiProblem {

	public PackageNotFoundException(String packageId) {
		super("package-not-found", "Package not found", 404, "No package " + packageId + " exists for your account",
				Map.of("packageId", packageId));
	}

}
