package dev.imagepack.packages.deployment;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * The package is being deleted: its regional copies are still being removed, and it can
 * no longer change.
 */
public class PackageDeletingException extends ApiProblem {

	public PackageDeletingException(String packageId) {
		super("package-deleting", "Package is being deleted", 409, "Package " + packageId
				+ " is being deleted and can no longer change; its regional copies are " + "being removed",
				Map.of("packageId", packageId));
	}

}
