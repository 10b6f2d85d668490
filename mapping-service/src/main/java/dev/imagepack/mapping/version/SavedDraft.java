package dev.imagepack.mapping.version;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The newest saved state of a package's draft.
 *
 * @param source the draft's image
 * @param regions the regions selected for the draft
 * @param savedAt when the draft was saved
 */
public record SavedDraft(ImageSource source, List<String> regions, Instant savedAt) {

	/** The later save wins; the rest only breaks ties deterministically. */
	static final Comparator<SavedDraft> ORDER = Comparator.comparing(SavedDraft::savedAt)
		.thenComparing(SavedDraft::toString);

	public SavedDraft {
		regions = List.copyOf(regions);
	}

	/**
	 * Resolves the draft in a region: only its source region, and only for a custom
	 * image. A marketplace draft has no image in any region it selected.
	 * @param packageId the package
	 * @param region the region
	 * @return the source image
	 */
	Resolution resolve(String packageId, String region) {
		String sourceImageId = this.source.sourceImageId();
		boolean inSourceRegion = region.equals(this.source.sourceRegion());
		if (!inSourceRegion && !this.regions.contains(region)) {
			List<String> usable = (sourceImageId != null) ? List.of(this.source.sourceRegion()) : List.of();
			throw new RegionNotSelectedException(packageId, "draft", region, usable);
		}
		if (sourceImageId == null) {
			throw new DraftWithoutImageException(packageId, region);
		}
		if (!inSourceRegion) {
			throw new DraftOnlyInSourceRegionException(packageId, region, this.source.sourceRegion());
		}
		return new Resolution(packageId, "draft", region, sourceImageId, ImageOrigin.SOURCE_IMAGE,
				this.source.sourceRegion(), sourceImageId);
	}

}
