package dev.imagepack.mapping.template;

/**
 * What a literal in a template is associated with: a deployment package's version, whose
 * image in the target region replaces the literal when the template is rendered.
 *
 * @param packageId the deployment package
 * @param version {@code draft} or a version number
 */
public record ImageAssociation(String packageId, String version) {

	/**
	 * Checks the version's form.
	 * @param packageId the deployment package
	 * @param version {@code draft} or a version number from 1
	 * @throws IllegalArgumentException if the package is blank or the version malformed
	 */
	public ImageAssociation {
		if (packageId.isBlank()) {
			throw new IllegalArgumentException("An association names a package");
		}
		if (!"draft".equals(version) && !version.matches("[1-9][0-9]{0,8}")) {
			throw new IllegalArgumentException("A version is 'draft' or a number from 1, not '" + version + "'");
		}
	}

}
