package dev.imagepack.mapping.version;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One live or deleted published version in the lookup index: what a lookup and the
 * owner's view of the version need, and nothing else.
 * <p>
 * A live version keeps its {@link RegionSet}, shared with the other versions of the same
 * regions, and one byte array: first the status of each distribution region, by region
 * number, then in {@link PackedValues} the source image ID and, region by region, what
 * its status needs: the regional image ID of a succeeded region, the failure code and
 * reason of a failed one, the percentage of one replicating. A region's state is
 * {@link VersionMapping#regionState(String)} of the full record, so the index only stores
 * it; pending and removed regions cost one byte. A deleted version keeps its number.
 * <p>
 * Not a record: the array is never handed out, so the value stays immutable.
 */
public final class IndexedVersion {

	private static final RegionStatus[] STATUSES = RegionStatus.values();

	private static final byte[] NONE = new byte[0];

	private final int number;

	private final @Nullable RegionSet regions;

	private final byte[] data;

	private IndexedVersion(int number, @Nullable RegionSet regions, byte[] data) {
		this.number = number;
		this.regions = regions;
		this.data = data;
	}

	/**
	 * The index of a version that is live or deleted.
	 * @param version the full record
	 * @param regionSets where region sets are shared
	 * @return the indexed version, or null for a version not yet published, which a
	 * lookup answers like an unknown one
	 */
	static @Nullable IndexedVersion of(VersionMapping version, RegionSets regionSets) {
		if (version.deletedAt() != null) {
			return new IndexedVersion(version.number(), null, NONE);
		}
		PublishedContent published = version.published();
		if (published == null) {
			return null;
		}
		ImageSource source = published.source();
		RegionSet regions = regionSets.of(source.sourceRegion(), published.regions());
		List<String> distribution = regions.distribution();
		RegionState[] states = new RegionState[distribution.size()];
		PackedValues.Writer writer = new PackedValues.Writer(distribution.size() * 32);
		for (int i = 0; i < states.length; i++) {
			states[i] = version.regionState(distribution.get(i));
			writer.writeByte(states[i].status().ordinal());
		}
		writer.writeString(source.sourceImageId());
		for (RegionState state : states) {
			switch (state.status()) {
				case SUCCEEDED -> writer.writeString(state.regionalImageId());
				case FAILED -> writer.writeString(state.failureCode()).writeString(state.failureReason());
				case REPLICATING -> writer.writeInt(state.percent());
				case PENDING, REMOVED -> {
				}
			}
		}
		return new IndexedVersion(version.number(), regions, writer.toByteArray());
	}

	/**
	 * The version number.
	 * @return the number
	 */
	public int number() {
		return this.number;
	}

	/**
	 * Whether the version was deleted.
	 * @return true for a deleted version
	 */
	public boolean isDeleted() {
		return this.regions == null;
	}

	/**
	 * The image the version was published with.
	 * @return the source
	 */
	public ImageSource source() {
		String sourceImageId = reader().readString();
		// A custom image has a source image ID and a marketplace product none.
		return new ImageSource((sourceImageId != null) ? ImageKind.CUSTOM : ImageKind.MARKETPLACE,
				live().sourceRegion(), sourceImageId);
	}

	/**
	 * The regions selected for distribution, in their order.
	 * @return the region IDs
	 */
	public List<String> selectedRegions() {
		return live().selected();
	}

	/**
	 * The regions the version is meant for: its source region first, then the selected
	 * regions in their order.
	 * @return the region IDs
	 */
	public List<String> distributionRegions() {
		return live().distribution();
	}

	/**
	 * The state of a distribution region.
	 * @param region the region ID
	 * @return its state, {@link RegionStatus#PENDING} for a region the version is not
	 * distributed to
	 */
	public RegionState regionState(String region) {
		int number = live().numberOf(region);
		return (number < 0) ? RegionState.PENDING : stateOf(number);
	}

	/**
	 * The regions where a lookup of this version resolves now.
	 * @return the region IDs, source region first
	 */
	public List<String> usableRegions() {
		List<String> distribution = live().distribution();
		List<String> usable = new ArrayList<>(distribution.size());
		for (int i = 0; i < distribution.size(); i++) {
			if (isUsable(i)) {
				usable.add(distribution.get(i));
			}
		}
		return List.copyOf(usable);
	}

	boolean isUsableIn(String region) {
		if (this.regions == null) {
			return false;
		}
		int number = this.regions.numberOf(region);
		return number >= 0 && isUsable(number);
	}

	/**
	 * Resolves the version in a region, as {@link VersionMapping#resolve(String, String)}
	 * does for the full record.
	 * @param packageId the package
	 * @param region the region
	 * @return the image to deploy
	 */
	Resolution resolve(String packageId, String region) {
		String label = Integer.toString(this.number);
		if (this.regions == null) {
			throw new VersionNotFoundException(packageId, label, "was deleted");
		}
		int number = this.regions.numberOf(region);
		if (number < 0) {
			throw new RegionNotSelectedException(packageId, label, region, usableRegions());
		}
		RegionState state = stateOf(number);
		String sourceRegion = this.regions.sourceRegion();
		String sourceImageId = reader().readString();
		return switch (state.status()) {
			case REMOVED -> throw new VersionNotFoundException(packageId, label, "is being deleted");
			case SUCCEEDED -> new Resolution(packageId, label, region, Objects.requireNonNull(state.regionalImageId()),
					ImageOrigin.REPLICA, sourceRegion, sourceImageId);
			default -> {
				if (number == 0 && sourceImageId != null) {
					yield new Resolution(packageId, label, region, sourceImageId, ImageOrigin.SOURCE_IMAGE,
							sourceRegion, sourceImageId);
				}
				if (state.status() == RegionStatus.FAILED) {
					throw new ReplicationFailedException(packageId, label, region, state.failureCode(),
							state.failureReason());
				}
				throw new NotYetDistributedException(packageId, label, region, state.percent());
			}
		};
	}

	/**
	 * The shared regions, for a live version.
	 * @return the region set, or null once deleted
	 */
	@Nullable RegionSet regions() {
		return this.regions;
	}

	/**
	 * The bytes the version's region states and image IDs take, without the array's
	 * header.
	 * @return the count
	 */
	int packedSize() {
		return this.data.length;
	}

	private boolean isUsable(int number) {
		RegionStatus status = STATUSES[this.data[number]];
		// The source region resolves to the source image until its copy is removed.
		return status == RegionStatus.SUCCEEDED
				|| (number == 0 && status != RegionStatus.REMOVED && !reader().nextStringIsNull());
	}

	private RegionState stateOf(int number) {
		RegionStatus status = STATUSES[this.data[number]];
		if (status == RegionStatus.PENDING) {
			return RegionState.PENDING;
		}
		if (status == RegionStatus.REMOVED) {
			return RegionState.REMOVED;
		}
		// Past the source image ID and what the regions before this one keep.
		PackedValues.Reader reader = reader();
		reader.skipString();
		for (int i = 0; i < number; i++) {
			switch (STATUSES[this.data[i]]) {
				case SUCCEEDED -> reader.skipString();
				case FAILED -> {
					reader.skipString();
					reader.skipString();
				}
				case REPLICATING -> reader.skipInt();
				case PENDING, REMOVED -> {
				}
			}
		}
		return switch (status) {
			case SUCCEEDED -> new RegionState(RegionStatus.SUCCEEDED, 100, reader.readString(), null, null);
			case FAILED -> new RegionState(RegionStatus.FAILED, 0, null, reader.readString(), reader.readString());
			default -> RegionState.replicating(reader.readInt());
		};
	}

	/**
	 * A reader placed on the source image ID.
	 */
	private PackedValues.Reader reader() {
		return new PackedValues.Reader(this.data, live().distribution().size());
	}

	private RegionSet live() {
		if (this.regions == null) {
			throw new IllegalStateException("Version " + this.number + " was deleted");
		}
		return this.regions;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof IndexedVersion that && this.number == that.number
				&& Objects.equals(this.regions, that.regions) && Arrays.equals(this.data, that.data));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.number, this.regions) * 31 + Arrays.hashCode(this.data);
	}

	@Override
	public String toString() {
		if (this.regions == null) {
			return "IndexedVersion[number=" + this.number + ", deleted]";
		}
		StringBuilder text = new StringBuilder("IndexedVersion[number=").append(this.number)
			.append(", source=")
			.append(source())
			.append(", selected=")
			.append(this.regions.selected())
			.append(", regions={");
		for (int i = 0; i < this.regions.distribution().size(); i++) {
			text.append((i > 0) ? ", " : "").append(this.regions.distribution().get(i)).append('=').append(stateOf(i));
		}
		return text.append("}]").toString();
	}

}
