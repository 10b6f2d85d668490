package dev.imagepack.packages.deployment;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the ISV asks for when creating a package, already validated.
 *
 * @param name the package name
 * @param resourceGroupId optional resource group
 * @param tags the tags
 * @param firstDraft the first draft
 */
public record NewPackage(String name, @Nullable String resourceGroupId, List<Tag> tags, VersionDraft firstDraft) {

}
