package dev.imagepack.mapping.version;

import org.jspecify.annotations.Nullable;

/**
 * The image a version starts from.
 *
 * @param kind custom image or marketplace product
 * @param sourceRegion the region where the source image lives
 * @param sourceImageId the source image ID; null for a marketplace product
 */
public record ImageSource(ImageKind kind, String sourceRegion, @Nullable String sourceImageId) {

	public ImageSource {
		if ((kind == ImageKind.CUSTOM) != (sourceImageId != null)) {
			throw new IllegalArgumentException("A custom image has a source image ID and a marketplace product none");
		}
	}

}
