package dev.imagepack.packages.deployment.web;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.imagepack.packages.deployment.DeploymentPackage;
import dev.imagepack.packages.deployment.ImageContent;
import dev.imagepack.packages.deployment.PackageVersion;
import dev.imagepack.packages.deployment.PackageVisibility;
import dev.imagepack.packages.deployment.RegionResult;
import dev.imagepack.packages.deployment.Tag;

/**
 * The response bodies of the package API.
 */
final class PackageResponses {

	private PackageResponses() {
	}

	/**
	 * A package with a summary of each version.
	 *
	 * @param id package ID
	 * @param name package name
	 * @param type package type
	 * @param ownerAccountId owning account
	 * @param resourceGroupId resource group, if any
	 * @param tags tags
	 * @param status ACTIVE, DELETING or DELETED
	 * @param visibility who may use the package, as the permission service reports it
	 * @param versions the draft first, then published versions, newest first
	 * @param createdAt creation time
	 * @param updatedAt last change
	 */
	record PackageResponse(String id, String name, String type, String ownerAccountId, @Nullable String resourceGroupId,
			List<Tag> tags, String status, VisibilityResponse visibility, List<VersionSummary> versions,
			Instant createdAt, Instant updatedAt) {

		static PackageResponse of(DeploymentPackage source) {
			return new PackageResponse(source.getId(), source.getName(), source.getType().name(),
					source.getOwnerAccountId(), source.getResourceGroupId(), source.getTags(),
					source.getStatus().name(), VisibilityResponse.of(source.getVisibility()),
					source.allVersions().stream().map(VersionSummary::of).toList(), source.getCreatedAt(),
					source.getUpdatedAt());
		}

	}

	/**
	 * A package's visibility.
	 *
	 * @param level PRIVATE, WHITELIST or PUBLIC
	 * @param allowedAccountIds accounts besides the owner, for WHITELIST
	 * @param serviceIds active services that use the package
	 */
	record VisibilityResponse(String level, List<String> allowedAccountIds, List<String> serviceIds) {

		static VisibilityResponse of(PackageVisibility visibility) {
			return new VisibilityResponse(visibility.level(), visibility.allowedAccountIds(), visibility.serviceIds());
		}

	}

	/**
	 * A version in a listing.
	 *
	 * @param version {@code draft} or the version number
	 * @param name version name
	 * @param status version status
	 * @param regions selected distribution regions
	 * @param createdAt creation time
	 * @param publishedAt publishing time, once published
	 */
	record VersionSummary(String version, String name, String status, List<String> regions, Instant createdAt,
			@Nullable Instant publishedAt) {

		static VersionSummary of(PackageVersion source) {
			return new VersionSummary(source.ref(), source.getName(), source.getStatus().name(), source.getRegions(),
					source.getCreatedAt(), source.getPublishedAt());
		}

	}

	/**
	 * A version with its content and per-region results.
	 *
	 * @param packageId package ID
	 * @param version {@code draft} or the version number
	 * @param name version name
	 * @param description description
	 * @param status version status
	 * @param content the image
	 * @param regions selected distribution regions
	 * @param regionResults per region: status, regional image ID, error, attempts, start
	 * and end; empty for a draft
	 * @param createdAt creation time
	 * @param updatedAt last change
	 * @param publishedAt publishing time
	 * @param settledAt when every region last reported a final result
	 */
	record VersionResponse(String packageId, String version, String name, String description, String status,
			ImageContent content, List<String> regions, List<RegionResult> regionResults, Instant createdAt,
			Instant updatedAt, @Nullable Instant publishedAt, @Nullable Instant settledAt) {

		static VersionResponse of(String packageId, PackageVersion source) {
			return new VersionResponse(packageId, source.ref(), source.getName(), source.getDescription(),
					source.getStatus().name(), source.getContent(), source.getRegions(), source.getRegionResults(),
					source.getCreatedAt(), source.getUpdatedAt(), source.getPublishedAt(), source.getSettledAt());
		}

	}

	/**
	 * A page of packages.
	 *
	 * @param items the packages
	 * @param nextPageToken pass as {@code pageToken} for the next page; absent on the
	 * last page
	 */
	record PackagePageResponse(List<PackageResponse> items, @Nullable String nextPageToken) {
	}

}
