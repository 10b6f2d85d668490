package dev.imagepack.mapping;

import java.time.Instant;
import java.util.List;

import dev.imagepack.events.ImageContent;
import dev.imagepack.events.ImageType;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.VersionSaved;

/**
 * The package events a mapping test plays in place of package-service: a custom image in
 * cn-hangzhou, published versions at a fixed time plus their number in seconds.
 */
public final class MappingEvents {

	/** The source region of every test image. */
	public static final String SOURCE = "cn-hangzhou";

	/** The time the events are dated from. */
	public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	private MappingEvents() {
	}

	public static VersionSaved saved(String packageId, String owner, Instant at, String imageId) {
		return VersionSaved.newBuilder()
			.setPackageId(packageId)
			.setPackageName("orders")
			.setOwnerAccountId(owner)
			.setVersionName("draft_one")
			.setContent(custom(imageId))
			.setRegions(List.of("cn-shanghai"))
			.setSavedAt(at)
			.build();
	}

	public static VersionPublished published(String packageId, String owner, int number, String... regions) {
		return VersionPublished.newBuilder()
			.setPackageId(packageId)
			.setPackageName("orders")
			.setOwnerAccountId(owner)
			.setVersionNumber(number)
			.setVersionName("release_" + number)
			.setContent(custom("m-source0" + number))
			.setRegions(List.of(regions))
			.setPublishedAt(T0.plusSeconds(number))
			.build();
	}

	public static ImageContent custom(String imageId) {
		return ImageContent.newBuilder()
			.setImageType(ImageType.CUSTOM)
			.setSourceRegion(SOURCE)
			.setSourceImageId(imageId)
			.build();
	}

}
