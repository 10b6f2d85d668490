package dev.imagepack.permission.visibility;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * What permission-service knows of one package: its owner, once a package event named it,
 * and its current visibility with the revision that {@code PackageVisibilityChanged}
 * carries. A deleted package keeps only a tombstone, so that late events cannot bring it
 * back.
 */
@Document("packages")
public class PackageAccess {

	@Id
	private final String id;

	@Version
	private @Nullable Long version;

	private final String ownerAccountId;

	private boolean deleted;

	private Visibility visibility;

	private long revision;

	@Indexed
	private boolean published;

	private @Nullable Instant changedAt;

	@PersistenceCreator
	PackageAccess(String id, @Nullable Long version, String ownerAccountId, boolean deleted, Visibility visibility,
			long revision, boolean published, @Nullable Instant changedAt) {
		this.id = id;
		this.version = version;
		this.ownerAccountId = ownerAccountId;
		this.deleted = deleted;
		this.visibility = visibility;
		this.revision = revision;
		this.published = published;
		this.changedAt = changedAt;
	}

	/**
	 * A package whose owner just became known: private, with nothing to publish.
	 * @param packageId the package
	 * @param ownerAccountId its owner
	 * @return the package
	 */
	static PackageAccess known(String packageId, String ownerAccountId) {
		return new PackageAccess(packageId, null, ownerAccountId, false, Visibility.PRIVATE, 0, true, null);
	}

	/**
	 * Takes a newly derived visibility.
	 * @param derived the visibility
	 * @param now the current time
	 * @return whether it differs from the one held, which then needs publishing
	 */
	boolean change(Visibility derived, Instant now) {
		if (this.deleted || derived.equals(this.visibility)) {
			return false;
		}
		this.visibility = derived;
		this.revision++;
		this.published = false;
		this.changedAt = now;
		return true;
	}

	/**
	 * Forgets the package: its visibility goes and nothing is published for it again.
	 */
	void delete() {
		this.deleted = true;
		this.visibility = Visibility.PRIVATE;
		this.published = true;
	}

	/**
	 * Whether an account may use the package.
	 * @param accountId the account
	 * @return true if it may
	 */
	public boolean admits(String accountId) {
		return !this.deleted && this.visibility.admits(this.ownerAccountId, accountId);
	}

	public String getId() {
		return this.id;
	}

	public @Nullable Long getVersion() {
		return this.version;
	}

	public String getOwnerAccountId() {
		return this.ownerAccountId;
	}

	public boolean isDeleted() {
		return this.deleted;
	}

	public Visibility getVisibility() {
		return this.visibility;
	}

	public long getRevision() {
		return this.revision;
	}

	public boolean isPublished() {
		return this.published;
	}

	public @Nullable Instant getChangedAt() {
		return this.changedAt;
	}

}
