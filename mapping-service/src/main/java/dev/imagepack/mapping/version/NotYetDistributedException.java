package dev.imagepack.mapping.version;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * The region is selected but its copy is not ready yet; the answer carries the progress.
 */
public class NotYetDistributedException extends ApiProblem {

	public NotYetDistributedException(String packageId, String version, String region, int percent) {
		super("not-yet-distributed", "Not yet distributed", 409,
				"Version " + version + " of package " + packageId + " is still being copied to " + region + " ("
						+ percent + "%); try again later",
				Map.of("packageId", packageId, "version", version, "region", region, "percent", percent));
	}

}
