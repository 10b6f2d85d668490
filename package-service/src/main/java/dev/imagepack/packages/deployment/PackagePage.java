package dev.imagepack.packages.deployment;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a package listing.
 *
 * @param packages the packages, newest first
 * @param nextPageToken the token of the next page, or null on the last page
 */
public record PackagePage(List<DeploymentPackage> packages, @Nullable String nextPageToken) {

}
