package dev.imagepack.mapping.version;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * The draft's image is a marketplace product, which has no image ID until a published
 * version is copied into a region.
 */
public class DraftWithoutImageException extends ApiProblem {

	public DraftWithoutImageException(String packageId, String region) {
		super("draft-without-image", "Draft has no image ID", 409,
				"The draft of package " + packageId + " uses a marketplace product, which has no image ID in " + region
						+ " until a published version is copied there; publish the draft and use its version",
				Map.of("packageId", packageId, "version", "draft", "region", region));
	}

}
