package dev.imagepack.mapping.version;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The regions of a published version as the lookup index keeps them: shared by every
 * version published with the same source region and selection, and numbered by their
 * place among the distribution regions, so that a version keeps its regions' states in
 * arrays indexed by that number.
 *
 * @param selected the regions selected for distribution, in their order
 * @param distribution the source region first, then the selected regions, without repeats
 */
record RegionSet(List<String> selected, List<String> distribution) {

	RegionSet {
		selected = List.copyOf(selected);
		distribution = List.copyOf(distribution);
	}

	/**
	 * The regions of a version.
	 * @param sourceRegion the source region
	 * @param selected the selected regions
	 * @return the regions, not yet shared
	 */
	static RegionSet of(String sourceRegion, List<String> selected) {
		Set<String> all = new LinkedHashSet<>();
		all.add(sourceRegion);
		all.addAll(selected);
		return new RegionSet(selected, List.copyOf(all));
	}

	/**
	 * The source region.
	 * @return its ID
	 */
	String sourceRegion() {
		return this.distribution.get(0);
	}

	/**
	 * The number of a distribution region.
	 * @param region the region ID
	 * @return its number, 0 for the source region, or -1 if the version is not
	 * distributed there
	 */
	int numberOf(String region) {
		return this.distribution.indexOf(region);
	}

}
