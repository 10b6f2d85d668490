package dev.imagepack.mapping.version;

import java.util.HashMap;
import java.util.Map;

/**
 * Makes the values the view keeps smaller without changing a lookup's answer: region IDs,
 * of which there are a few dozen, are shared instead of decoded once per document and
 * region, and a region's progress report is dropped once a final result of the same or a
 * later attempt supersedes it, because {@link RegionReplica#state()} no longer reads it.
 * The store keeps every fact; the view is rebuilt from it, and changes are always applied
 * to the stored value, never to the view's.
 */
final class CompactMappings {

	private CompactMappings() {
	}

	static PackageMapping compact(PackageMapping mapping) {
		if (mapping.versions().isEmpty()) {
			return mapping;
		}
		Map<String, VersionMapping> versions = new HashMap<>(mapping.versions().size() * 2);
		mapping.versions().forEach((key, version) -> versions.put(key, compact(version)));
		return new PackageMapping(mapping.packageId(), mapping.revision(), mapping.ownerAccountId(), mapping.access(),
				mapping.draft(), mapping.draftEndedAt(), versions, mapping.deletedAt());
	}

	private static VersionMapping compact(VersionMapping version) {
		Map<String, RegionReplica> regions = new HashMap<>(version.regions().size() * 2);
		version.regions().forEach((region, replica) -> regions.put(region.intern(), compact(replica)));
		PublishedContent published = version.published();
		if (published != null) {
			ImageSource source = published.source();
			published = new PublishedContent(
					new ImageSource(source.kind(), source.sourceRegion().intern(), source.sourceImageId()),
					published.regions().stream().map(String::intern).toList(), published.publishedAt());
		}
		return new VersionMapping(version.number(), published, regions, version.deletedAt());
	}

	private static RegionReplica compact(RegionReplica replica) {
		ReplicaResult result = replica.result();
		ReplicaProgress progress = replica.progress();
		if (result != null && progress != null && progress.attempt() <= result.attempts()) {
			return new RegionReplica(result, null, replica.retryRequestedAt(), replica.removedAt());
		}
		return replica;
	}

}
