package dev.imagepack.replication.cloud;

import org.jspecify.annotations.Nullable;

/**
 * A request to copy an image into another region, or into the same region under the
 * distribution account.
 *
 * @param sourceRegion the region of the source image
 * @param sourceImageId the source image ID
 * @param targetRegion the region to copy to
 * @param imageSizeGib the image size when known; the copy takes longer the larger it is
 * @param clientToken makes the request idempotent: the same token never starts a second
 * copy
 * @param imageName the name of the copy
 */
public record CopyRequest(String sourceRegion, String sourceImageId, String targetRegion,
		@Nullable Integer imageSizeGib, String clientToken, String imageName) {

	/**
	 * The same request, copying from another image of the source region.
	 * @param imageId the image to copy instead
	 * @return the request
	 */
	public CopyRequest from(String imageId) {
		return new CopyRequest(this.sourceRegion, imageId, this.targetRegion, this.imageSizeGib, this.clientToken,
				this.imageName);
	}

}
