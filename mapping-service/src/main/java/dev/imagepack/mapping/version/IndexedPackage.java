package dev.imagepack.mapping.version;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.imagepack.mapping.access.PackageAccess;
import dev.imagepack.platform.identity.Caller;

/**
 * One package in the lookup index: what lookups and the owner's views answer from, built
 * from the package's full {@link PackageMapping} and much smaller than it. It keeps the
 * revision, the owner, the visibility, whether the package was deleted, the current
 * draft, and the live and deleted published versions in order of their numbers; times,
 * attempts, superseded reports and versions not yet published, which no answer reads,
 * stay in the store.
 * <p>
 * Every answer is the one the full record gives: the same checks of access, the same
 * version selection, the same problems with the same details.
 * <p>
 * Not a record: the array of versions is never handed out, so the value stays immutable.
 */
public final class IndexedPackage {

	private static final IndexedVersion[] NO_VERSIONS = new IndexedVersion[0];

	private final String packageId;

	private final long revision;

	private final @Nullable String ownerAccountId;

	private final PackageAccess access;

	private final boolean deleted;

	private final @Nullable SavedDraft draft;

	private final IndexedVersion[] versions;

	private IndexedPackage(String packageId, long revision, @Nullable String ownerAccountId, PackageAccess access,
			boolean deleted, @Nullable SavedDraft draft, IndexedVersion[] versions) {
		this.packageId = packageId;
		this.revision = revision;
		this.ownerAccountId = ownerAccountId;
		this.access = access;
		this.deleted = deleted;
		this.draft = draft;
		this.versions = versions;
	}

	/**
	 * The index of a package's stored value.
	 * @param mapping the full record
	 * @param regionSets where region sets are shared
	 * @return the indexed package
	 */
	static IndexedPackage of(PackageMapping mapping, RegionSets regionSets) {
		List<IndexedVersion> versions = new ArrayList<>(mapping.versions().size());
		for (VersionMapping version : mapping.versions().values()) {
			IndexedVersion indexed = IndexedVersion.of(version, regionSets);
			if (indexed != null) {
				versions.add(indexed);
			}
		}
		versions.sort(Comparator.comparingInt(IndexedVersion::number));
		return new IndexedPackage(mapping.packageId(), mapping.revision(), mapping.ownerAccountId(), mapping.access(),
				mapping.isDeleted(), mapping.currentDraft(),
				versions.isEmpty() ? NO_VERSIONS : versions.toArray(IndexedVersion[]::new));
	}

	/**
	 * The package.
	 * @return its ID
	 */
	public String packageId() {
		return this.packageId;
	}

	/**
	 * The stored revision this was built from.
	 * @return the revision
	 */
	public long revision() {
		return this.revision;
	}

	/**
	 * Whether the package was deleted.
	 * @return true once deleted
	 */
	public boolean isDeleted() {
		return this.deleted;
	}

	/**
	 * The live and deleted published versions.
	 * @return the versions, by number
	 */
	public List<IndexedVersion> versions() {
		return List.of(this.versions);
	}

	/**
	 * Whether a caller may use the package, as {@link PackageMapping#admits(Caller)}.
	 * @param caller the caller
	 * @return true if admitted
	 */
	public boolean admits(Caller caller) {
		return !this.deleted && this.access.admits(caller, this.ownerAccountId);
	}

	/**
	 * Whether a caller may see every region's state, as
	 * {@link PackageMapping#showsDetailsTo(Caller)}.
	 * @param caller the caller
	 * @return true if allowed
	 */
	public boolean showsDetailsTo(Caller caller) {
		return !this.deleted && (caller.isOperator() || caller.accountId().equals(this.ownerAccountId));
	}

	/**
	 * The current draft, for a caller who was admitted.
	 * @return the draft
	 * @throws VersionNotFoundException if there is none
	 */
	SavedDraft requireDraft() {
		if (this.draft == null) {
			throw new VersionNotFoundException(this.packageId, "draft", "does not exist");
		}
		return this.draft;
	}

	/**
	 * A live published version, for a caller who was admitted.
	 * @param number the version number
	 * @return the version
	 * @throws VersionNotFoundException if it is unknown or deleted
	 */
	IndexedVersion requirePublished(int number) {
		IndexedVersion version = version(number);
		String label = Integer.toString(number);
		if (version == null) {
			throw new VersionNotFoundException(this.packageId, label, "is not published");
		}
		if (version.isDeleted()) {
			throw new VersionNotFoundException(this.packageId, label, "was deleted");
		}
		return version;
	}

	/**
	 * Resolves a version in a region, for a caller who was admitted, as
	 * {@link PackageMapping#resolve(VersionSelector, String)} does.
	 * @param selector which version
	 * @param region the region
	 * @return the image to deploy
	 */
	Resolution resolve(VersionSelector selector, String region) {
		return switch (selector.kind()) {
			case DRAFT -> requireDraft().resolve(this.packageId, region);
			case NUMBER -> requirePublished(selector.number()).resolve(this.packageId, region);
			case LATEST -> latestUsableIn(region).resolve(this.packageId, region);
		};
	}

	private IndexedVersion latestUsableIn(String region) {
		for (int i = this.versions.length - 1; i >= 0; i--) {
			if (this.versions[i].isUsableIn(region)) {
				return this.versions[i];
			}
		}
		throw new NoUsableVersionException(this.packageId, region);
	}

	private @Nullable IndexedVersion version(int number) {
		int low = 0;
		int high = this.versions.length - 1;
		while (low <= high) {
			int middle = (low + high) >>> 1;
			int found = this.versions[middle].number();
			if (found == number) {
				return this.versions[middle];
			}
			if (found < number) {
				low = middle + 1;
			}
			else {
				high = middle - 1;
			}
		}
		return null;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof IndexedPackage that && this.packageId.equals(that.packageId)
				&& this.revision == that.revision && Objects.equals(this.ownerAccountId, that.ownerAccountId)
				&& this.access.equals(that.access) && this.deleted == that.deleted
				&& Objects.equals(this.draft, that.draft) && Arrays.equals(this.versions, that.versions));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.packageId, this.revision, this.ownerAccountId, this.access, this.deleted, this.draft)
				* 31 + Arrays.hashCode(this.versions);
	}

	@Override
	public String toString() {
		return "IndexedPackage[packageId=" + this.packageId + ", revision=" + this.revision + ", ownerAccountId="
				+ this.ownerAccountId + ", access=" + this.access + ", deleted=" + this.deleted + ", draft="
				+ this.draft + ", versions=" + Arrays.toString(this.versions) + "]";
	}

}
