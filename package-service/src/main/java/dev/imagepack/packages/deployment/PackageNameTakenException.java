package dev.imagepack.packages.deployment;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * The owner already has a package with this name.
 */
public class PackageNameTakenException extends ApiProblem {

	public PackageNameTakenException(String name) {
		super("package-name-taken", "Package name taken", 409,
				"You already have a package named " + name + "; package names are unique per account",
				Map.of("name", name));
	}

}
