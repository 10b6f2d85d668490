package dev.imagepack.mapping.version;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * One published version's mappings: what it was published with and what each region
 * reported. Region reports that arrive before the version's {@code VersionPublished} are
 * kept and count once it is known. A deletion is a tombstone: it drops everything else
 * and nothing revives the version.
 *
 * @param number the version number
 * @param published what the version was published with, or null while unknown
 * @param regions what was reported per region ID
 * @param deletedAt when the version was deleted, or null
 */
public record VersionMapping(int number, @Nullable PublishedContent published, Map<String, RegionReplica> regions,
		@Nullable Instant deletedAt) {

	public VersionMapping {
		regions = Map.copyOf(regions);
	}

	static VersionMapping unknown(int number) {
		return new VersionMapping(number, null, Map.of(), null);
	}

	VersionMapping withPublished(PublishedContent content) {
		if (this.deletedAt != null) {
			return this;
		}
		PublishedContent kept = (this.published == null || PublishedContent.ORDER.compare(content, this.published) < 0)
				? content : this.published;
		return new VersionMapping(this.number, kept, this.regions, null);
	}

	VersionMapping withRegion(String region, UnaryOperator<RegionReplica> change) {
		if (this.deletedAt != null) {
			return this;
		}
		Map<String, RegionReplica> changed = new HashMap<>(this.regions);
		changed.put(region, change.apply(this.regions.getOrDefault(region, RegionReplica.UNREPORTED)));
		return new VersionMapping(this.number, this.published, changed, null);
	}

	VersionMapping deleted(Instant at) {
		return new VersionMapping(this.number, null, Map.of(), RegionReplica.latest(this.deletedAt, at));
	}

	/**
	 * Whether the version is published and not deleted.
	 * @return true for a live version
	 */
	public boolean isLive() {
		return this.published != null && this.deletedAt == null;
	}

	/**
	 * The state of a region, {@link RegionStatus#PENDING} when nothing was reported.
	 * @param region the region ID
	 * @return its state
	 */
	public RegionState regionState(String region) {
		return this.regions.getOrDefault(region, RegionReplica.UNREPORTED).state();
	}

	/**
	 * The regions the version is meant for: its source region first, then the selected
	 * regions in their order. Empty until the version is known.
	 * @return the region IDs
	 */
	public List<String> distributionRegions() {
		if (this.published == null) {
			return List.of();
		}
		Set<String> all = new LinkedHashSet<>();
		all.add(this.published.source().sourceRegion());
		all.addAll(this.published.regions());
		return List.copyOf(all);
	}

	/**
	 * The regions where a lookup of this version resolves now.
	 * @return the region IDs, source region first
	 */
	public List<String> usableRegions() {
		return distributionRegions().stream().filter(this::isUsableIn).toList();
	}

	boolean isUsableIn(String region) {
		if (!isLive() || !distributionRegions().contains(region)) {
			return false;
		}
		RegionStatus status = regionState(region).status();
		boolean fromSource = region.equals(this.published.source().sourceRegion())
				&& this.published.source().sourceImageId() != null;
		return status == RegionStatus.SUCCEEDED || (fromSource && status != RegionStatus.REMOVED);
	}

	/**
	 * Resolves the version in a region. The source region answers its regional copy once
	 * that succeeded and the source image before; other selected regions answer their
	 * copy once it succeeded.
	 * @param packageId the package
	 * @param region the region
	 * @return the image to deploy
	 */
	Resolution resolve(String packageId, String region) {
		String label = Integer.toString(this.number);
		if (this.deletedAt != null) {
			throw new VersionNotFoundException(packageId, label, "was deleted");
		}
		if (this.published == null) {
			throw new VersionNotFoundException(packageId, label, "is not published");
		}
		ImageSource source = this.published.source();
		RegionState state = regionState(region);
		boolean isSource = region.equals(source.sourceRegion());
		if (!isSource && !this.published.regions().contains(region)) {
			throw new RegionNotSelectedException(packageId, label, region, usableRegions());
		}
		return switch (state.status()) {
			case REMOVED -> throw new VersionNotFoundException(packageId, label, "is being deleted");
			case SUCCEEDED -> new Resolution(packageId, label, region, state.regionalImageId(), ImageOrigin.REPLICA,
					source.sourceRegion(), source.sourceImageId());
			default -> {
				if (isSource && source.sourceImageId() != null) {
					yield new Resolution(packageId, label, region, source.sourceImageId(), ImageOrigin.SOURCE_IMAGE,
							source.sourceRegion(), source.sourceImageId());
				}
				if (state.status() == RegionStatus.FAILED) {
					throw new ReplicationFailedException(packageId, label, region, state.failureCode(),
							state.failureReason());
				}
				throw new NotYetDistributedException(packageId, label, region, state.percent());
			}
		};
	}

}
