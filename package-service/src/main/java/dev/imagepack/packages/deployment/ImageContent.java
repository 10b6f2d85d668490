package dev.imagepack.packages.deployment;

import org.jspecify.annotations.Nullable;

/**
 * The image a version distributes.
 *
 * @param imageType custom image or marketplace product
 * @param sourceRegion region where the source image lives
 * @param sourceImageId source image ID ({@code m-...}) or public image name, for a custom
 * image
 * @param marketplaceProductCode product code, for a marketplace image
 * @param imageSizeGib image size in GiB, when known
 */
public record ImageContent(ImageType imageType, String sourceRegion, @Nullable String sourceImageId,
		@Nullable String marketplaceProductCode, @Nullable Integer imageSizeGib) {

}
