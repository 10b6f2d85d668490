package dev.imagepack.mapping.version;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import dev.imagepack.mapping.access.PackageAccess;
import dev.imagepack.platform.identity.Caller;

/**
 * Everything mapping-service knows of one package, built from events only: owner,
 * visibility, draft, and each published version with its regions.
 * <p>
 * The value is immutable; each event gives a new value. Every change merges what the
 * event reports with what is known by keeping the newer or stronger fact, so events that
 * arrive twice or in any order end in the same value, and an event that changes nothing
 * yields an equal value. A deleted package keeps only its tombstone.
 *
 * @param packageId the package, also the document ID
 * @param revision counts stored changes; a write succeeds only on the revision it read
 * @param ownerAccountId the owning account, or null while no event named it
 * @param access the package's visibility
 * @param draft the newest saved draft, or null
 * @param draftEndedAt when a draft was last deleted or published, or null; a draft saved
 * before it no longer exists
 * @param versions published versions by number, in decimal
 * @param deletedAt when the package was deleted, or null
 */
@Document("mappings")
public record PackageMapping(@Id String packageId, long revision, @Nullable String ownerAccountId, PackageAccess access,
		@Nullable SavedDraft draft, @Nullable Instant draftEndedAt, Map<String, VersionMapping> versions,
		@Nullable Instant deletedAt) {

	public PackageMapping {
		versions = Map.copyOf(versions);
	}

	/**
	 * A package nothing is known of yet.
	 * @param packageId the package
	 * @return the empty mapping
	 */
	public static PackageMapping empty(String packageId) {
		return new PackageMapping(packageId, 0, null, PackageAccess.UNREPORTED, null, null, Map.of(), null);
	}

	/**
	 * Whether the package was deleted.
	 * @return true once deleted
	 */
	public boolean isDeleted() {
		return this.deletedAt != null;
	}

	/**
	 * The same mapping at another stored revision.
	 * @param revision the revision
	 * @return the mapping
	 */
	public PackageMapping withRevision(long revision) {
		return new PackageMapping(this.packageId, revision, this.ownerAccountId, this.access, this.draft,
				this.draftEndedAt, this.versions, this.deletedAt);
	}

	/**
	 * Records a saved draft; the newest save wins.
	 * @param owner the owning account the event names
	 * @param saved the draft
	 * @return the new mapping
	 */
	public PackageMapping saveDraft(String owner, SavedDraft saved) {
		if (isDeleted()) {
			return this;
		}
		SavedDraft kept = (this.draft == null || SavedDraft.ORDER.compare(saved, this.draft) > 0) ? saved : this.draft;
		return new PackageMapping(this.packageId, this.revision, ownedBy(owner), this.access, kept, this.draftEndedAt,
				this.versions, null);
	}

	/**
	 * Records a published version; the draft it came from ends.
	 * @param owner the owning account the event names
	 * @param number the version number
	 * @param content what it was published with
	 * @return the new mapping
	 */
	public PackageMapping publish(String owner, int number, PublishedContent content) {
		if (isDeleted()) {
			return this;
		}
		return new PackageMapping(this.packageId, this.revision, ownedBy(owner), this.access, this.draft,
				RegionReplica.latest(this.draftEndedAt, content.publishedAt()),
				withVersion(number, (version) -> version.withPublished(content)), null);
	}

	/**
	 * Records a region's progress.
	 * @param number the version number
	 * @param region the region
	 * @param progress the progress
	 * @return the new mapping
	 */
	public PackageMapping recordProgress(int number, String region, ReplicaProgress progress) {
		return changeRegion(number, region, (replica) -> replica.withProgress(progress));
	}

	/**
	 * Records a region's final result.
	 * @param number the version number
	 * @param region the region
	 * @param result the result
	 * @return the new mapping
	 */
	public PackageMapping recordResult(int number, String region, ReplicaResult result) {
		return changeRegion(number, region, (replica) -> replica.withResult(result));
	}

	/**
	 * Records that failed regions are to be replicated again.
	 * @param number the version number
	 * @param regions the regions
	 * @param at when the retry was requested
	 * @return the new mapping
	 */
	public PackageMapping requestRetry(int number, List<String> regions, Instant at) {
		PackageMapping changed = this;
		for (String region : regions) {
			changed = changed.changeRegion(number, region, (replica) -> replica.withRetryRequested(at));
		}
		return changed;
	}

	/**
	 * Records that a region's copy was removed.
	 * @param number the version number
	 * @param region the region
	 * @param at when it was removed
	 * @return the new mapping
	 */
	public PackageMapping recordRemoval(int number, String region, Instant at) {
		return changeRegion(number, region, (replica) -> replica.withRemoval(at));
	}

	/**
	 * Deletes a published version for good.
	 * @param owner the owning account the event names
	 * @param number the version number
	 * @param at when it was deleted
	 * @return the new mapping
	 */
	public PackageMapping deleteVersion(String owner, int number, Instant at) {
		if (isDeleted()) {
			return this;
		}
		return new PackageMapping(this.packageId, this.revision, ownedBy(owner), this.access, this.draft,
				this.draftEndedAt, withVersion(number, (version) -> version.deleted(at)), null);
	}

	/**
	 * Deletes the draft: a draft saved before this moment no longer exists.
	 * @param owner the owning account the event names
	 * @param at when it was deleted
	 * @return the new mapping
	 */
	public PackageMapping deleteDraft(String owner, Instant at) {
		if (isDeleted()) {
			return this;
		}
		return new PackageMapping(this.packageId, this.revision, ownedBy(owner), this.access, this.draft,
				RegionReplica.latest(this.draftEndedAt, at), this.versions, null);
	}

	/**
	 * Deletes the package: only the owner and the tombstone remain, and later events
	 * change nothing.
	 * @param owner the owning account the event names
	 * @param at when it was deleted
	 * @return the new mapping
	 */
	public PackageMapping delete(String owner, Instant at) {
		return new PackageMapping(this.packageId, this.revision, ownedBy(owner), PackageAccess.UNREPORTED, null, null,
				Map.of(), RegionReplica.latest(this.deletedAt, at));
	}

	/**
	 * Takes a visibility report; the highest revision wins.
	 * @param owner the owning account the report names
	 * @param reported the visibility
	 * @return the new mapping
	 */
	public PackageMapping changeAccess(String owner, PackageAccess reported) {
		if (isDeleted()) {
			return this;
		}
		return new PackageMapping(this.packageId, this.revision, ownedBy(owner), this.access.newest(reported),
				this.draft, this.draftEndedAt, this.versions, null);
	}

	private PackageMapping changeRegion(int number, String region, UnaryOperator<RegionReplica> change) {
		if (isDeleted()) {
			return this;
		}
		return new PackageMapping(this.packageId, this.revision, this.ownerAccountId, this.access, this.draft,
				this.draftEndedAt, withVersion(number, (version) -> version.withRegion(region, change)), null);
	}

	private Map<String, VersionMapping> withVersion(int number, UnaryOperator<VersionMapping> change) {
		String key = Integer.toString(number);
		Map<String, VersionMapping> changed = new HashMap<>(this.versions);
		changed.put(key, change.apply(this.versions.getOrDefault(key, VersionMapping.unknown(number))));
		return changed;
	}

	private String ownedBy(String owner) {
		if (this.ownerAccountId != null && !this.ownerAccountId.equals(owner)) {
			// Thrown, not skipped: the binder dead-letters the event with this reason.
			throw new IllegalArgumentException("An event names owner " + owner + " of package " + this.packageId
					+ ", which is owned by " + this.ownerAccountId);
		}
		return owner;
	}

	/**
	 * The current draft: the newest save, unless the draft was deleted or published
	 * since.
	 * @return the draft, or null
	 */
	public @Nullable SavedDraft currentDraft() {
		if (this.draft == null || (this.draftEndedAt != null && !this.draft.savedAt().isAfter(this.draftEndedAt))) {
			return null;
		}
		return this.draft;
	}

	/**
	 * A published version, live or deleted, or null if nothing is known of it.
	 * @param number the version number
	 * @return the version
	 */
	public @Nullable VersionMapping version(int number) {
		return this.versions.get(Integer.toString(number));
	}

	/**
	 * Whether a caller may use the package. Nobody may use a deleted one.
	 * @param caller the caller
	 * @return true if admitted
	 */
	public boolean admits(Caller caller) {
		return !isDeleted() && this.access.admits(caller, this.ownerAccountId);
	}

	/**
	 * Whether a caller may see every region's state: the owner and operators may.
	 * @param caller the caller
	 * @return true if allowed
	 */
	public boolean showsDetailsTo(Caller caller) {
		return !isDeleted() && (caller.isOperator() || caller.accountId().equals(this.ownerAccountId));
	}

	/**
	 * The current draft, for a caller who was admitted.
	 * @return the draft
	 * @throws VersionNotFoundException if there is none
	 */
	SavedDraft requireDraft() {
		SavedDraft current = currentDraft();
		if (current == null) {
			throw new VersionNotFoundException(this.packageId, "draft", "does not exist");
		}
		return current;
	}

	/**
	 * A live published version, for a caller who was admitted.
	 * @param number the version number
	 * @return the version
	 * @throws VersionNotFoundException if it is unknown or deleted
	 */
	VersionMapping requirePublished(int number) {
		VersionMapping version = version(number);
		String label = Integer.toString(number);
		if (version != null && version.deletedAt() != null) {
			throw new VersionNotFoundException(this.packageId, label, "was deleted");
		}
		if (version == null || version.published() == null) {
			throw new VersionNotFoundException(this.packageId, label, "is not published");
		}
		return version;
	}

	/**
	 * Resolves a version in a region, for a caller who was admitted.
	 * @param selector which version
	 * @param region the region
	 * @return the image to deploy
	 */
	Resolution resolve(VersionSelector selector, String region) {
		return switch (selector.kind()) {
			case DRAFT -> requireDraft().resolve(this.packageId, region);
			case NUMBER -> requirePublished(selector.number()).resolve(this.packageId, region);
			case LATEST -> this.versions.values()
				.stream()
				.filter((version) -> version.isUsableIn(region))
				.max(Comparator.comparingInt(VersionMapping::number))
				.map((version) -> version.resolve(this.packageId, region))
				.orElseThrow(() -> new NoUsableVersionException(this.packageId, region));
		};
	}

	/**
	 * Whether another mapping holds the same state, whatever its stored revision.
	 * @param other the other mapping
	 * @return true if only the revision may differ
	 */
	public boolean sameState(PackageMapping other) {
		return withRevision(0).equals(other.withRevision(0));
	}

}
