package dev.imagepack.packages.deployment;

import java.util.List;

/**
 * The content of a draft as the ISV wants it, already validated.
 *
 * @param name version name
 * @param description version description
 * @param content the image
 * @param regions the distribution regions, without duplicates
 */
public record VersionDraft(String name, String description, ImageContent content, List<String> regions) {

	public VersionDraft {
		regions = List.copyOf(regions);
	}

}
