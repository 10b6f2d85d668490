package dev.imagepack.mapping.version;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What a version was published with; locked from then on.
 *
 * @param source the version's image
 * @param regions the regions selected for distribution
 * @param publishedAt when the version was published
 */
public record PublishedContent(ImageSource source, List<String> regions, Instant publishedAt) {

	/**
	 * A version is published once, so two differing reports are a fault upstream; the
	 * earlier one is kept whatever the arrival order.
	 */
	static final Comparator<PublishedContent> ORDER = Comparator.comparing(PublishedContent::publishedAt)
		.thenComparing(PublishedContent::toString);

	public PublishedContent {
		regions = List.copyOf(regions);
	}

}
