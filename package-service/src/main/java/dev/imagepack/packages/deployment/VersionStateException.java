package dev.imagepack.packages.deployment;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * The version is not in a state that allows the operation, such as a retry while regions
 * are still replicating.
 */
public class VersionStateException extends ApiProblem {

	public VersionStateException(String packageId, VersionRef version, VersionStatus status, String detail) {
		super("version-state-conflict", "Operation not allowed in this state", 409, detail,
				Map.of("packageId", packageId, "version", version.toString(), "versionStatus", status.name()));
	}

}
