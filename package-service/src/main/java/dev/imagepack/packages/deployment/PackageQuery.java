package dev.imagepack.packages.deployment;

import org.jspecify.annotations.Nullable;

/**
 * Filters and paging of a package listing.
 *
 * @param namePrefix only packages whose name starts with this
 * @param tagKey only packages with a tag of this key
 * @param tagValue with {@code tagKey}: only packages whose tag has this value
 * @param resourceGroupId only packages of this resource group
 * @param status only packages with a version in this status
 * @param pageSize 1 to 100
 * @param pageToken where the previous page ended, or null for the first page
 */
public record PackageQuery(@Nullable String namePrefix, @Nullable String tagKey, @Nullable String tagValue,
		@Nullable String resourceGroupId, @Nullable VersionStatus status, int pageSize, @Nullable String pageToken) {

}
