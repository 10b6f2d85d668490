package dev.imagepack.mapping.version;

import java.util.List;
import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * The version is not distributed to the region; the answer lists where it can be used.
 */
public class RegionNotSelectedException extends ApiProblem {

	public RegionNotSelectedException(String packageId, String version, String region, List<String> usableRegions) {
		super("region-not-selected", "Region not selected", 404,
				"Version " + version + " of package " + packageId + " is not distributed to " + region
						+ "; see usableRegions for where it can be used",
				Map.of("packageId", packageId, "version", version, "region", region, "usableRegions",
						List.copyOf(usableRegions)));
	}

}
