package dev.imagepack.packages.deployment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A deployment package with all its versions: the aggregate the ISV's console works on.
 * Its methods apply the package rules and return the facts they raise; events still to be
 * published travel inside the same document, so a change and its events are stored in one
 * atomic write.
 */
@Document("packages")
public class DeploymentPackage {

	private static final int REMEMBERED_EVENT_IDS = 500;

	@Id
	private final String id;

	@Version
	private @Nullable Long revision;

	/**
	 * Counts the changes a client can see; the entity tag. The revision also moves when
	 * relayed events leave the outbox, which no client sees.
	 */
	private long changeCount;

	@Indexed(unique = true)
	private String nameKey;

	@Indexed
	private final String ownerAccountId;

	private final String name;

	private final PackageType type;

	private @Nullable String resourceGroupId;

	private List<Tag> tags;

	private PackageStatus status;

	private final Instant createdAt;

	private Instant updatedAt;

	private @Nullable PackageVersion draft;

	private final List<PackageVersion> versions;

	private int lastVersionNumber;

	private PackageVisibility visibility;

	private final List<PendingEvent> pendingEvents;

	private final List<String> handledEventIds;

	@PersistenceCreator
	DeploymentPackage(String id, @Nullable Long revision, String nameKey, String ownerAccountId, String name,
			PackageType type, @Nullable String resourceGroupId, List<Tag> tags, PackageStatus status, Instant createdAt,
			Instant updatedAt, @Nullable PackageVersion draft, List<PackageVersion> versions, int lastVersionNumber,
			PackageVisibility visibility, List<PendingEvent> pendingEvents, List<String> handledEventIds) {
		this.id = id;
		this.revision = revision;
		this.nameKey = nameKey;
		this.ownerAccountId = ownerAccountId;
		this.name = name;
		this.type = type;
		this.resourceGroupId = resourceGroupId;
		this.tags = new ArrayList<>(tags);
		this.status = status;
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
		this.draft = draft;
		this.versions = new ArrayList<>(versions);
		this.lastVersionNumber = lastVersionNumber;
		this.visibility = visibility;
		this.pendingEvents = new ArrayList<>(pendingEvents);
		this.handledEventIds = new ArrayList<>(handledEventIds);
	}

	/**
	 * A new package with its first draft.
	 * @param id the server-generated ID
	 * @param ownerAccountId the ISV's account
	 * @param name the package name, fixed from now on
	 * @param resourceGroupId optional resource group
	 * @param tags the tags
	 * @param draft the first draft
	 * @param now the current time
	 * @return the package, which has raised {@link PackageEvent.DraftSaved}
	 */
	public static DeploymentPackage create(String id, String ownerAccountId, String name,
			@Nullable String resourceGroupId, List<Tag> tags, VersionDraft draft, Instant now) {
		DeploymentPackage created = new DeploymentPackage(id, null, nameKey(ownerAccountId, name), ownerAccountId, name,
				PackageType.ECS_IMAGE, resourceGroupId, tags, PackageStatus.ACTIVE, now, now,
				PackageVersion.draft(draft, now), List.of(), 0, PackageVisibility.INITIAL, List.of(), List.of());
		return created;
	}

	static String nameKey(String ownerAccountId, String name) {
		return ownerAccountId + "/" + name;
	}

	/**
	 * Changes what may change after creation: the resource group and the tags.
	 * @param resourceGroupId the resource group, or null for none
	 * @param tags the new tags
	 * @param now the current time
	 */
	public void changeSettings(@Nullable String resourceGroupId, List<Tag> tags, Instant now) {
		requireActive();
		this.resourceGroupId = resourceGroupId;
		this.tags = new ArrayList<>(tags);
		this.updatedAt = now;
	}

	/**
	 * Starts a new draft.
	 * @param content the draft's content
	 * @param now the current time
	 * @return the facts raised
	 */
	public List<PackageEvent> createDraft(VersionDraft content, Instant now) {
		requireActive();
		if (this.draft != null) {
			throw new DraftExistsException(this.id);
		}
		requireUniqueVersionName(content.name(), null);
		this.draft = PackageVersion.draft(content, now);
		this.updatedAt = now;
		return List.of(new PackageEvent.DraftSaved(now));
	}

	/**
	 * Replaces a version's content; only the draft can change.
	 * @param version the version to change
	 * @param content the new content
	 * @param now the current time
	 * @return the facts raised
	 */
	public List<PackageEvent> editVersion(VersionRef version, VersionDraft content, Instant now) {
		requireActive();
		PackageVersion target = version(version);
		if (!version.isDraft()) {
			throw new VersionLockedException(this.id, version.number());
		}
		requireUniqueVersionName(content.name(), null);
		target.edit(content, now);
		this.updatedAt = now;
		return List.of(new PackageEvent.DraftSaved(now));
	}

	/**
	 * Publishes the draft as the next version number; its content is locked from now on.
	 * @param now the current time
	 * @return the facts raised
	 */
	public List<PackageEvent> publishDraft(Instant now) {
		requireActive();
		PackageVersion published = version(new VersionRef(null));
		int number = this.lastVersionNumber + 1;
		published.publish(number, now);
		this.lastVersionNumber = number;
		this.versions.add(published);
		this.draft = null;
		this.updatedAt = now;
		return List.of(new PackageEvent.VersionPublished(number, now));
	}

	/**
	 * Records progress of one region, unless the region already has a final result or the
	 * version is deleted.
	 * @param number the version number
	 * @param region the region
	 * @param progress how far the copy got, and when
	 */
	public void recordProgress(int number, String region, ReplicationProgress progress) {
		Optional<PackageVersion> version = publishedVersion(number);
		if (version.isEmpty() || version.get().getStatus().isDeleted()) {
			return;
		}
		Instant at = progress.reportedAt();
		version.get().regionResult(region).ifPresent((result) -> {
			boolean stale = result.reportedAt() != null && !at.isAfter(result.reportedAt());
			if (!result.status().isFinal() && result.status() != RegionStatus.REMOVED && !stale) {
				version.get().updateRegion(region, (current) -> current.progressed(progress), at);
				this.updatedAt = at;
			}
		});
	}

	/**
	 * Records the final result of one region; once every region has one, the version
	 * settles.
	 * @param number the version number
	 * @param result the region's result
	 * @param now the current time
	 * @return the facts raised
	 */
	public List<PackageEvent> recordResult(int number, ReplicationResult result, Instant now) {
		Optional<PackageVersion> found = publishedVersion(number);
		if (found.isEmpty() || found.get().getStatus().isDeleted()) {
			return List.of();
		}
		PackageVersion version = found.get();
		Optional<RegionResult> current = version.regionResult(result.region());
		if (current.isEmpty() || !result.isNewerThan(current.get())) {
			return List.of();
		}
		version.updateRegion(result.region(), result::applyTo, now);
		this.updatedAt = now;
		if (version.getStatus() == VersionStatus.DISTRIBUTING && version.allRegionsFinal()) {
			version.changeStatus(version.settledStatus(), now);
			return List.of(new PackageEvent.DistributionSettled(number, result.finishedAt()));
		}
		if (version.getStatus().isSettled() && version.allRegionsFinal()) {
			// A region retried on its own (an operator's retry of its job): the version
			// settles again, with an outcome that may have changed, and says so.
			version.changeStatus(version.settledStatus(), now);
			return List.of(new PackageEvent.DistributionSettled(number, result.finishedAt()));
		}
		return List.of();
	}

	/**
	 * Starts replication again in the regions of a settled version that failed.
	 * @param number the version number
	 * @param now the current time
	 * @return the facts raised
	 */
	public List<PackageEvent> retryFailedRegions(int number, Instant now) {
		requireActive();
		VersionRef ref = new VersionRef(number);
		PackageVersion version = version(ref);
		List<String> failed = version.regionsWithStatus(RegionStatus.FAILED);
		if (!version.getStatus().isSettled() || failed.isEmpty()) {
			throw new VersionStateException(this.id, ref, version.getStatus(), "Version " + number + " is "
					+ version.getStatus() + "; only a settled version with failed regions can be retried");
		}
		failed.forEach((region) -> version.updateRegion(region, RegionResult::retried, now));
		version.changeStatus(VersionStatus.DISTRIBUTING, now);
		this.updatedAt = now;
		return List.of(new PackageEvent.RetryRequested(number, failed, now));
	}

	/**
	 * Deletes a version. A draft goes at once; a published version's regional copies are
	 * removed first. Deleting the only version deletes the package.
	 * @param ref the version
	 * @param now the current time
	 * @return the facts raised
	 */
	public List<PackageEvent> deleteVersion(VersionRef ref, Instant now) {
		requireActive();
		PackageVersion version = version(ref);
		if (version.getStatus().isDeleted()) {
			throw VersionNotFoundException.deleted(this.id, ref);
		}
		List<String> users = this.visibility.servicesUsing(ref.toString());
		if (!users.isEmpty()) {
			throw new VersionInUseException(this.id, "Version " + ref + " of package " + this.id, users);
		}
		if (liveVersionCount() == 1) {
			return delete(now);
		}
		this.updatedAt = now;
		return List.of(removeVersion(version, now));
	}

	/**
	 * Deletes the package and all its versions; the name becomes free at once.
	 * @param now the current time
	 * @return the facts raised
	 */
	public List<PackageEvent> delete(Instant now) {
		if (this.status == PackageStatus.DELETING) {
			return List.of();
		}
		requireActive();
		List<String> users = this.visibility.servicesUsingAnyVersion();
		if (!users.isEmpty()) {
			throw new VersionInUseException(this.id, "Package " + this.id, users);
		}
		List<PackageEvent> events = new ArrayList<>();
		if (this.draft != null) {
			events.add(removeVersion(this.draft, now));
		}
		for (PackageVersion version : this.versions) {
			if (!version.getStatus().isDeleted()) {
				events.add(removeVersion(version, now));
			}
		}
		events.add(new PackageEvent.PackageDeleted(now));
		this.nameKey = nameKey(this.ownerAccountId, this.name) + "#deleted-" + this.id;
		this.status = PackageStatus.DELETING;
		completeDeletionIfDone(now);
		this.updatedAt = now;
		return events;
	}

	private PackageEvent removeVersion(PackageVersion version, Instant now) {
		Integer number = version.getNumber();
		if (number == null) {
			this.draft = null;
		}
		else {
			version.changeStatus(version.getRegionResults().isEmpty() ? VersionStatus.DELETED : VersionStatus.DELETING,
					now);
		}
		return new PackageEvent.VersionDeleted(number, now);
	}

	/**
	 * Records that a deleted version's regional copy is gone; the version is deleted once
	 * all are.
	 * @param number the version number
	 * @param region the region
	 * @param at when the copy was removed
	 */
	public void recordRemoval(int number, String region, Instant at) {
		Optional<PackageVersion> found = publishedVersion(number);
		if (found.isEmpty() || found.get().getStatus() != VersionStatus.DELETING) {
			return;
		}
		PackageVersion version = found.get();
		version.updateRegion(region, (result) -> result.removed(at), at);
		if (version.allRegionsRemoved()) {
			version.changeStatus(VersionStatus.DELETED, at);
		}
		completeDeletionIfDone(at);
		this.updatedAt = at;
	}

	private void completeDeletionIfDone(Instant now) {
		boolean copiesLeft = this.versions.stream().anyMatch((v) -> v.getStatus() == VersionStatus.DELETING);
		if (this.status == PackageStatus.DELETING && !copiesLeft) {
			this.status = PackageStatus.DELETED;
			this.updatedAt = now;
		}
	}

	/**
	 * Takes a newer visibility from the permission service; an older or equal revision
	 * changes nothing.
	 * @param visibility the reported visibility
	 * @return whether it was newer
	 */
	public boolean applyVisibility(PackageVisibility visibility) {
		if (visibility.revision() <= this.visibility.revision()) {
			return false;
		}
		this.visibility = visibility;
		return true;
	}

	/**
	 * Whether an event with this ID was handled already.
	 * @param eventId a consumed event's {@code ce_id}
	 * @return true for a duplicate
	 */
	public boolean hasHandled(String eventId) {
		return this.handledEventIds.contains(eventId);
	}

	/**
	 * Remembers a consumed event's ID, in the same write as the change it caused; the
	 * oldest IDs are forgotten.
	 * @param eventId the event's {@code ce_id}
	 */
	public void markHandled(String eventId) {
		this.handledEventIds.add(eventId);
		if (this.handledEventIds.size() > REMEMBERED_EVENT_IDS) {
			this.handledEventIds.subList(0, this.handledEventIds.size() - REMEMBERED_EVENT_IDS).clear();
		}
	}

	/**
	 * Adds an event to publish with this change.
	 * @param event the event
	 */
	public void addPendingEvent(PendingEvent event) {
		this.pendingEvents.add(event);
	}

	/**
	 * Finds a version whose content a new draft may copy: one of an active package that
	 * is not being deleted.
	 * @param ref the version
	 * @return the version
	 * @throws VersionNotFoundException if there is none, or it is deleted
	 * @throws PackageDeletingException if the package is being deleted
	 */
	public PackageVersion versionToCopy(VersionRef ref) {
		requireActive();
		PackageVersion version = version(ref);
		if (version.getStatus().isDeleted()) {
			throw VersionNotFoundException.deleted(this.id, ref);
		}
		return version;
	}

	/**
	 * Finds a version, including deleted ones.
	 * @param ref the version
	 * @return the version
	 * @throws VersionNotFoundException if there is none
	 */
	public PackageVersion version(VersionRef ref) {
		if (ref.isDraft()) {
			if (this.draft == null) {
				throw new VersionNotFoundException(this.id, ref);
			}
			return this.draft;
		}
		return publishedVersion(ref.number()).orElseThrow(() -> new VersionNotFoundException(this.id, ref));
	}

	private Optional<PackageVersion> publishedVersion(@Nullable Integer number) {
		return this.versions.stream()
			.filter((version) -> number != null && number.equals(version.getNumber()))
			.findFirst();
	}

	/**
	 * The draft, if any, then the published versions, newest first.
	 * @return every version
	 */
	public List<PackageVersion> allVersions() {
		List<PackageVersion> all = new ArrayList<>();
		if (this.draft != null) {
			all.add(this.draft);
		}
		for (int i = this.versions.size() - 1; i >= 0; i--) {
			all.add(this.versions.get(i));
		}
		return all;
	}

	private long liveVersionCount() {
		long published = this.versions.stream().filter((version) -> !version.getStatus().isDeleted()).count();
		return published + ((this.draft != null) ? 1 : 0);
	}

	private void requireUniqueVersionName(String versionName, @Nullable Integer except) {
		boolean taken = this.versions.stream()
			.filter((version) -> !version.getStatus().isDeleted())
			.anyMatch((version) -> version.getName().equals(versionName) && !version.getNumber().equals(except));
		if (taken) {
			throw new VersionNameTakenException(this.id, versionName);
		}
	}

	private void requireActive() {
		if (this.status == PackageStatus.DELETING) {
			throw new PackageDeletingException(this.id);
		}
		if (this.status != PackageStatus.ACTIVE) {
			throw new PackageNotFoundException(this.id);
		}
	}

	/**
	 * The entity tag of the current state, for {@code ETag} and {@code If-Match}.
	 * @return the quoted tag
	 */
	public String etag() {
		return "\"" + this.changeCount + "\"";
	}

	/**
	 * Marks a change a client can see, which gives the package a new entity tag.
	 */
	public void countChange() {
		this.changeCount++;
	}

	public String getId() {
		return this.id;
	}

	public @Nullable Long getRevision() {
		return this.revision;
	}

	public String getOwnerAccountId() {
		return this.ownerAccountId;
	}

	public String getName() {
		return this.name;
	}

	public PackageType getType() {
		return this.type;
	}

	public @Nullable String getResourceGroupId() {
		return this.resourceGroupId;
	}

	public List<Tag> getTags() {
		return List.copyOf(this.tags);
	}

	public PackageStatus getStatus() {
		return this.status;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public @Nullable PackageVersion getDraft() {
		return this.draft;
	}

	public int getLastVersionNumber() {
		return this.lastVersionNumber;
	}

	public PackageVisibility getVisibility() {
		return this.visibility;
	}

	public List<PendingEvent> getPendingEvents() {
		return List.copyOf(this.pendingEvents);
	}

}
