package dev.imagepack.packages.deployment;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * The package has no such version, or no draft, or the version was deleted.
 */
public class VersionNotFoundException extends ApiProblem {

	public VersionNotFoundException(String packageId, VersionRef version) {
		this(packageId, version, version.isDraft() ? "Package " + packageId + " has no draft"
				: "Package " + packageId + " has no version " + version);
	}

	private VersionNotFoundException(String packageId, VersionRef version, String detail) {
		super("version-not-found", "Version not found", 404, detail,
				Map.of("packageId", packageId, "version", version.toString()));
	}

	/**
	 * A version that was deleted, which can still be read but not used.
	 * @param packageId the package
	 * @param version the deleted version
	 * @return the exception
	 */
	public static VersionNotFoundException deleted(String packageId, VersionRef version) {
		return new VersionNotFoundException(packageId, version,
				"Version " + version + " of package " + packageId + " was deleted");
	}

}
