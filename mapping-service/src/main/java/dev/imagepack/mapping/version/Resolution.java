package dev.imagepack.mapping.version;

import org.jspecify.annotations.Nullable;

/**
 * The image a deployment of one package version gets in one region.
 *
 * @param packageId the package
 * @param version {@code draft} or the version number
 * @param region the region
 * @param imageId the image ID to deploy
 * @param origin whether it is the source image or a regional copy
 * @param sourceRegion the version's source region
 * @param sourceImageId the version's source image ID; null for a marketplace product
 */
public record Resolution(String packageId, String version, String region, String imageId, ImageOrigin origin,
		String sourceRegion, @Nullable String sourceImageId) {

}
