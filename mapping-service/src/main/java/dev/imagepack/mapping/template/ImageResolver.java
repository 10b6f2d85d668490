package dev.imagepack.mapping.template;

/**
 * The lookup that rendering relies on: which image a package version has in a region, for
 * a caller, under the mapping rules for drafts, visibility and distribution.
 */
@FunctionalInterface
public interface ImageResolver {

	/**
	 * Resolves a package version to its image in a region.
	 * @param packageId the deployment package
	 * @param version {@code draft} or a version number
	 * @param region the target region, such as {@code cn-hangzhou}
	 * @param accountId the account of the caller who deploys
	 * @return the image, or why there is none
	 */
	Resolution resolve(String packageId, String version, String region, String accountId);

}
