package dev.imagepack.permission.visibility;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The catalogue's latest view of one service, as its newest
 * {@code ServiceVisibilityChanged} described it.
 *
 * @param id the service ID
 * @param ownerAccountId the ISV that owns the service
 * @param visibility {@code PUBLIC}, {@code PRIVATE}, or {@code UNKNOWN} for a level this
 * build does not know, which counts as private
 * @param whitelistAccountIds accounts allowed besides the owner; empty for none
 * @param packageVersions the package versions the service's templates use
 * @param active whether the service counts: a deleted one keeps its revision and drops
 * its associations
 * @param revision the catalogue's revision of the service
 * @param changedAt when the catalogue changed the service
 */
@Document("services")
public record ServiceRecord(@Id String id, String ownerAccountId, String visibility, List<String> whitelistAccountIds,
		@Indexed List<PackageVersionRef> packageVersions, boolean active, long revision, @Nullable Instant changedAt) {

	/**
	 * Whether the service uses a package, in any version.
	 * @param packageId the package
	 * @return true if it does
	 */
	public boolean uses(String packageId) {
		return this.packageVersions.stream().anyMatch((ref) -> ref.packageId().equals(packageId));
	}

	/**
	 * Names one version of a package.
	 *
	 * @param packageId the package
	 * @param version {@code draft} or a version number
	 */
	public record PackageVersionRef(String packageId, String version) {
	}

}
