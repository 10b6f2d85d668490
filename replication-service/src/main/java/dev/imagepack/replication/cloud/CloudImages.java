package dev.imagepack.replication.cloud;

import java.util.Collection;
import java.util.Optional;

/**
 * The image operations replication needs from the cloud. Every call either succeeds or
 * throws a {@link CloudException} whose {@link CloudFailure} says whether trying again
 * can help.
 */
public interface CloudImages {

	/**
	 * Starts copying an image into a region of the platform's distribution account. The
	 * call is idempotent by {@link CopyRequest#clientToken()}: repeating it returns the
	 * same image and starts nothing new.
	 * @param request what to copy where
	 * @return the ID of the copy in the target region, usable once
	 * {@link #describeCopy(String, String)} reports it available
	 */
	String startCopy(CopyRequest request);

	/**
	 * How far a copy has come.
	 * @param region the region of the copy
	 * @param imageId the copy's image ID
	 * @return its progress
	 */
	CopyStatus describeCopy(String region, String imageId);

	/**
	 * Deletes an image, cancelling its copy if it is still running. Deleting an image
	 * that does not exist succeeds.
	 * @param region the image's region
	 * @param imageId the image ID
	 */
	void deleteImage(String region, String imageId);

	/**
	 * The image a marketplace product offers in a region.
	 * @param productCode the marketplace product code
	 * @param region the region
	 * @return the image ID, or empty if the product is not offered there
	 */
	Optional<String> findMarketplaceImage(String productCode, String region);

	/**
	 * Lets accounts launch instances from an image.
	 * @param region the image's region
	 * @param imageId the image ID
	 * @param accountIds the accounts to share with
	 */
	void shareImage(String region, String imageId, Collection<String> accountIds);

	/**
	 * Whether an image that another account shared with the distribution account can be
	 * copied straight into another region. When it cannot, as on Alibaba Cloud ECS,
	 * replication first copies it within its own region into the distribution account and
	 * distributes that copy to the other regions.
	 * @return true if cross-region copies may start from a shared image
	 */
	default boolean copiesSharedImagesAcrossRegions() {
		return true;
	}

}
