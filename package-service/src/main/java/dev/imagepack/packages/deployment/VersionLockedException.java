package dev.imagepack.packages.deployment;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * A published version's content cannot change.
 */
public class VersionLockedException extends ApiProblem {

	public VersionLockedException(String packageId, int number) {
		super("version-locked", "Published version is locked", 409,
				"Version " + number + " of package " + packageId
						+ " is published and its content is locked; create a new version to change it",
				Map.of("packageId", packageId, "version", String.valueOf(number)));
	}

}
