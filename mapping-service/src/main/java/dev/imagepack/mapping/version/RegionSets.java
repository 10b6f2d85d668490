package dev.imagepack.mapping.version;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares region IDs and {@link RegionSet}s between the versions of the lookup index: a
 * few dozen regions make up the selections of most versions, so one instance of each
 * serves them all instead of the copies each stored document decodes.
 * <p>
 * What is shared stays until the index is rebuilt; a selection costs a few hundred bytes
 * once, whatever the number of versions that use it.
 */
final class RegionSets {

	private final Map<RegionSet, RegionSet> shared = new ConcurrentHashMap<>();

	/**
	 * The shared region set of a version.
	 * @param sourceRegion the source region
	 * @param selected the selected regions
	 * @return the region set
	 */
	RegionSet of(String sourceRegion, List<String> selected) {
		RegionSet candidate = RegionSet.of(sourceRegion, selected);
		RegionSet known = this.shared.get(candidate);
		if (known != null) {
			return known;
		}
		RegionSet interned = new RegionSet(candidate.selected().stream().map(String::intern).toList(),
				candidate.distribution().stream().map(String::intern).toList());
		RegionSet raced = this.shared.putIfAbsent(interned, interned);
		return (raced != null) ? raced : interned;
	}

	/**
	 * How many region sets are shared.
	 * @return the count
	 */
	int size() {
		return this.shared.size();
	}

}
