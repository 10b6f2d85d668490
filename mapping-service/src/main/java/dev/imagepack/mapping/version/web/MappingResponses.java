package dev.imagepack.mapping.version.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.imagepack.mapping.version.ImageOrigin;
import dev.imagepack.mapping.version.ImageSource;
import dev.imagepack.mapping.version.IndexedVersion;
import dev.imagepack.mapping.version.RegionState;
import dev.imagepack.mapping.version.RegionStatus;
import dev.imagepack.mapping.version.Resolution;
import dev.imagepack.mapping.version.SavedDraft;

/**
 * What the mapping API answers.
 */
final class MappingResponses {

	private MappingResponses() {
	}

	/**
	 * The image a deployment gets.
	 *
	 * @param packageId the package
	 * @param version {@code draft} or the version number that was resolved
	 * @param region the region
	 * @param imageId the image ID to deploy
	 * @param source {@code SOURCE_IMAGE} or {@code REPLICA}
	 * @param sourceRegion the version's source region
	 * @param sourceImageId the version's source image ID; null for a marketplace product
	 */
	record LookupResponse(String packageId, String version, String region, String imageId, ImageOrigin source,
			String sourceRegion, @Nullable String sourceImageId) {

		static LookupResponse of(Resolution resolution) {
			return new LookupResponse(resolution.packageId(), resolution.version(), resolution.region(),
					resolution.imageId(), resolution.origin(), resolution.sourceRegion(), resolution.sourceImageId());
		}

	}

	/**
	 * Every region of one version.
	 *
	 * @param packageId the package
	 * @param version {@code draft} or the version number
	 * @param imageType {@code CUSTOM} or {@code MARKETPLACE}
	 * @param sourceRegion the source region
	 * @param sourceImageId the source image ID; null for a marketplace product
	 * @param selectedRegions the regions selected for distribution
	 * @param usableRegions the regions where a lookup resolves now
	 * @param regions the state of the source region and each selected region; empty for a
	 * draft, which is not replicated
	 */
	record VersionMappingsResponse(String packageId, String version, String imageType, String sourceRegion,
			@Nullable String sourceImageId, List<String> selectedRegions, List<String> usableRegions,
			List<RegionResponse> regions) {

		static VersionMappingsResponse of(String packageId, IndexedVersion version) {
			ImageSource source = version.source();
			List<RegionResponse> regions = version.distributionRegions()
				.stream()
				.map((region) -> RegionResponse.of(region, version.regionState(region)))
				.toList();
			return new VersionMappingsResponse(packageId, Integer.toString(version.number()), source.kind().name(),
					source.sourceRegion(), source.sourceImageId(), version.selectedRegions(), version.usableRegions(),
					regions);
		}

		static VersionMappingsResponse of(String packageId, SavedDraft draft) {
			ImageSource source = draft.source();
			List<String> usable = (source.sourceImageId() != null) ? List.of(source.sourceRegion()) : List.of();
			return new VersionMappingsResponse(packageId, "draft", source.kind().name(), source.sourceRegion(),
					source.sourceImageId(), draft.regions(), usable, List.of());
		}

	}

	/**
	 * One region's state.
	 *
	 * @param region the region
	 * @param status {@code PENDING}, {@code REPLICATING}, {@code SUCCEEDED},
	 * {@code FAILED} or {@code REMOVED}
	 * @param percent completed share of the copy
	 * @param regionalImageId the copy's image ID once succeeded
	 * @param failureCode the failure code once failed
	 * @param failureReason the failure reason once failed
	 */
	record RegionResponse(String region, RegionStatus status, int percent, @Nullable String regionalImageId,
			@Nullable String failureCode, @Nullable String failureReason) {

		static RegionResponse of(String region, RegionState state) {
			return new RegionResponse(region, state.status(), state.percent(), state.regionalImageId(),
					state.failureCode(), state.failureReason());
		}

	}

}
