package dev.imagepack.packages.deployment;

import java.util.List;

/**
 * The package's visibility as the permission service last reported it, and which services
 * use which version.
 *
 * @param level PRIVATE, WHITELIST or PUBLIC
 * @param allowedAccountIds accounts besides the owner that may use the package, for
 * WHITELIST
 * @param serviceIds active services that contribute to the visibility
 * @param versionUsages which active services use which version
 * @param revision the permission service's revision; -1 before anything was heard
 */
public record PackageVisibility(String level, List<String> allowedAccountIds, List<String> serviceIds,
		List<VersionUsage> versionUsages, long revision) {

	/** Before the permission service says otherwise, only the owner may use a package. */
	public static final PackageVisibility INITIAL = new PackageVisibility("PRIVATE", List.of(), List.of(), List.of(),
			-1);

	public PackageVisibility {
		allowedAccountIds = List.copyOf(allowedAccountIds);
		serviceIds = List.copyOf(serviceIds);
		versionUsages = List.copyOf(versionUsages);
	}

	List<String> servicesUsing(String version) {
		return this.versionUsages.stream()
			.filter((usage) -> usage.version().equals(version))
			.flatMap((usage) -> usage.serviceIds().stream())
			.sorted()
			.toList();
	}

	List<String> servicesUsingAnyVersion() {
		return this.versionUsages.stream().flatMap((usage) -> usage.serviceIds().stream()).distinct().sorted().toList();
	}

	/**
	 * The active services that use one version.
	 *
	 * @param version {@code draft} or a version number
	 * @param serviceIds the services
	 */
	public record VersionUsage(String version, List<String> serviceIds) {

		public VersionUsage {
			serviceIds = List.copyOf(serviceIds);
		}

	}

}
