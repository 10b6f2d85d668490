package dev.imagepack.replication.job;

import org.jspecify.annotations.Nullable;

/**
 * The image a job replicates, as the published version describes it.
 *
 * @param kind a custom image to copy, or a marketplace product to find in each region
 * @param sourceRegion where the source image lives
 * @param sourceImageId the source image, for a custom image
 * @param productCode the marketplace product code, for a marketplace image
 * @param sizeGib the image size when known
 */
public record SourceImage(Kind kind, String sourceRegion, @Nullable String sourceImageId, @Nullable String productCode,
		@Nullable Integer sizeGib) {

	/**
	 * The kinds of source image.
	 */
	public enum Kind {

		/** An image of the ISV's account, copied into each region. */
		CUSTOM,

		/** A marketplace product, which has its own image in each region. */
		MARKETPLACE

	}

}
