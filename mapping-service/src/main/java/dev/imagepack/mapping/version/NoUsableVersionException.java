package dev.imagepack.mapping.version;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * Asked for the newest version usable in a region, but no published version is usable
 * there: none has been replicated there yet, or each one that was has been deleted.
 */
public class NoUsableVersionException extends ApiProblem {

	public NoUsableVersionException(String packageId, String region) {
		super("no-usable-version", "No usable version", 404,
				"No published version of package " + packageId + " is usable in " + region
						+ ": none has been replicated there yet, or each one that was has been deleted",
				Map.of("packageId", packageId, "region", region));
	}

}
