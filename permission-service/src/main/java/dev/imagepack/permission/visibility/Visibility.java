package dev.imagepack.permission.visibility;

import java.util.List;

/**
 * Who may use a package, and why.
 *
 * @param level {@code PRIVATE}, {@code WHITELIST} or {@code PUBLIC}
 * @param allowedAccountIds with {@code WHITELIST}, the accounts besides the owner that
 * may use the package, sorted; empty otherwise
 * @param contributingServiceIds the active services whose visibility decided the level,
 * sorted
 * @param versionUsages for each version in use, which active services use it
 */
public record Visibility(String level, List<String> allowedAccountIds, List<String> contributingServiceIds,
		List<VersionUsage> versionUsages) {

	/** The visibility of a package no service uses: its owner alone. */
	public static final Visibility PRIVATE = new Visibility("PRIVATE", List.of(), List.of(), List.of());

	/**
	 * Whether an account may use the package.
	 * @param ownerAccountId the package's owner, who always may
	 * @param accountId the account
	 * @return true if it may
	 */
	public boolean admits(String ownerAccountId, String accountId) {
		return ownerAccountId.equals(accountId) || "PUBLIC".equals(this.level)
				|| ("WHITELIST".equals(this.level) && this.allowedAccountIds.contains(accountId));
	}

	/**
	 * The services that use one version of a package.
	 *
	 * @param version {@code draft} or a version number
	 * @param serviceIds the services, sorted
	 */
	public record VersionUsage(String version, List<String> serviceIds) {
	}

}
