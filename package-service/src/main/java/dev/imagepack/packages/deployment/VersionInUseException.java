package dev.imagepack.packages.deployment;

import java.util.List;
import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * Active services use the version, or a version of the package, so it cannot be deleted.
 */
public class VersionInUseException extends ApiProblem {

	public VersionInUseException(String packageId, String what, List<String> serviceIds) {
		super("version-in-use", "Version in use", 409,
				what + " is used by active services " + String.join(", ", serviceIds)
						+ "; remove it from those services first",
				Map.of("packageId", packageId, "serviceIds", List.copyOf(serviceIds)));
	}

}
