package dev.imagepack.packages.deployment.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The request bodies of the package API. Every field may be missing or wrong in what a
 * client sends; {@link RequestValidation} checks them all before anything else sees them.
 */
final class PackageRequests {

	private PackageRequests() {
	}

	/**
	 * Create a package with its first draft.
	 *
	 * @param name package name, 3 to 128 letters, digits or '_'
	 * @param resourceGroupId optional resource group, such as {@code rg-acfm2xwq3tqvk4a}
	 * @param tags up to 20 tags
	 * @param version the first draft
	 */
	record CreatePackageRequest(@Nullable String name, @Nullable String resourceGroupId,
			@Nullable List<@Nullable TagRequest> tags, @Nullable VersionRequest version) {
	}

	/**
	 * Change what may change after creation.
	 *
	 * @param name must be absent or unchanged: names are fixed at creation
	 * @param resourceGroupId the resource group, or null for none
	 * @param tags the new tags, replacing the old ones
	 */
	record UpdatePackageRequest(@Nullable String name, @Nullable String resourceGroupId,
			@Nullable List<@Nullable TagRequest> tags) {
	}

	/**
	 * A tag.
	 *
	 * @param key 1 to 128 characters, not starting with {@code acs:} or {@code aliyun}
	 * @param value 0 to 128 characters
	 */
	record TagRequest(@Nullable String key, @Nullable String value) {
	}

	/**
	 * A draft's content.
	 *
	 * @param name version name, 3 to 50 letters, digits or '_'
	 * @param description 10 to 500 characters
	 * @param content the image
	 * @param regions at least one distribution region
	 */
	record VersionRequest(@Nullable String name, @Nullable String description, @Nullable ContentRequest content,
			@Nullable List<@Nullable String> regions) {
	}

	/**
	 * A new draft: its own content, or a copy of another version's content and regions
	 * with a new name and description.
	 *
	 * @param copyFrom {@code draft} or a version number to copy, or null
	 * @param name version name
	 * @param description description
	 * @param content the image, unless copied
	 * @param regions the regions, unless copied
	 */
	record CreateVersionRequest(@Nullable String copyFrom, @Nullable String name, @Nullable String description,
			@Nullable ContentRequest content, @Nullable List<@Nullable String> regions) {
	}

	/**
	 * The image of a version.
	 *
	 * @param imageType {@code CUSTOM} or {@code MARKETPLACE}
	 * @param sourceRegion region of the source image
	 * @param sourceImageId image ID ({@code m-...}) or public image name, for CUSTOM
	 * @param marketplaceProductCode product code, for MARKETPLACE
	 * @param imageSizeGib optional image size in GiB, 1 to 2048
	 */
	record ContentRequest(@Nullable String imageType, @Nullable String sourceRegion, @Nullable String sourceImageId,
			@Nullable String marketplaceProductCode, @Nullable Integer imageSizeGib) {
	}

}
