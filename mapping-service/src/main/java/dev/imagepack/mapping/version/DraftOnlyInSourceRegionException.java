package dev.imagepack.mapping.version;

import java.util.List;
import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * A draft was asked for in one of its distribution regions: until it is published, a
 * draft can be used only in its source region.
 */
public class DraftOnlyInSourceRegionException extends ApiProblem {

	public DraftOnlyInSourceRegionException(String packageId, String region, String sourceRegion) {
		super("draft-only-in-source-region", "Draft usable only in its source region", 409,
				"The draft of package " + packageId + " is usable only in its source region " + sourceRegion
						+ " until it is published; " + region + " gets a copy when the version is published",
				Map.of("packageId", packageId, "version", "draft", "region", region, "usableRegions",
						List.of(sourceRegion)));
	}

}
