package dev.imagepack.replication.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.imagepack.events.ImageContent;
import dev.imagepack.events.ImageType;
import dev.imagepack.events.RegionReplicated;
import dev.imagepack.events.VersionDeleted;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.VersionRetryRequested;
import dev.imagepack.testsupport.EventTestClient;

/**
 * The package events a test plays in place of package-service.
 */
final class ReplicationEvents {

	static final String OWNER = "isv-2001";

	private ReplicationEvents() {
	}

	static String newPackageId() {
		StringBuilder id = new StringBuilder("pkg-");
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < 16; i++) {
			id.append("0123456789abcdefghijklmnopqrstuvwxyz".charAt(random.nextInt(36)));
		}
		return id.toString();
	}

	/** A source image ID of its own, so that a test can count the copies made of it. */
	static String newSourceImageId() {
		return "m-bp1" + newPackageId().substring(4);
	}

	static VersionPublished customPublished(String packageId, String sourceImageId, int sizeGib, List<String> regions) {
		return published(packageId,
				ImageContent.newBuilder()
					.setImageType(ImageType.CUSTOM)
					.setSourceRegion("cn-hangzhou")
					.setSourceImageId(sourceImageId)
					.setImageSizeGib(sizeGib)
					.build(),
				regions);
	}

	static VersionPublished marketplacePublished(String packageId, String productCode, List<String> regions) {
		return published(packageId,
				ImageContent.newBuilder()
					.setImageType(ImageType.MARKETPLACE)
					.setSourceRegion("cn-hangzhou")
					.setMarketplaceProductCode(productCode)
					.build(),
				regions);
	}

	static VersionPublished published(String packageId, ImageContent content, List<String> regions) {
		return VersionPublished.newBuilder()
			.setPackageId(packageId)
			.setPackageName("wordpress_image")
			.setOwnerAccountId(OWNER)
			.setVersionNumber(1)
			.setVersionName("release_1")
			.setContent(content)
			.setRegions(regions)
			.setPublishedAt(Instant.now())
			.build();
	}

	static VersionRetryRequested retryRequested(String packageId, List<String> regions) {
		return VersionRetryRequested.newBuilder()
			.setPackageId(packageId)
			.setVersionNumber(1)
			.setRegions(regions)
			.setRequestedAt(Instant.now())
			.build();
	}

	static VersionDeleted versionDeleted(String packageId) {
		return VersionDeleted.newBuilder()
			.setPackageId(packageId)
			.setOwnerAccountId(OWNER)
			.setVersionNumber(1)
			.setDeletedAt(Instant.now())
			.build();
	}

	/**
	 * Waits for the final results of a package's regions.
	 */
	static List<RegionReplicated> awaitResults(EventTestClient.TopicReader reader, String packageId, int count) {
		return reader.awaitEvents(RegionReplicated.class, count, (event) -> event.getPackageId().equals(packageId));
	}

	/**
	 * Every final result of a package read so far, after a quiet while in which more
	 * would have arrived.
	 */
	static List<RegionReplicated> resultsAfterQuiet(EventTestClient.TopicReader reader, String packageId) {
		return eventsAfterQuiet(reader, RegionReplicated.class, (result) -> result.getPackageId().equals(packageId));
	}

	/**
	 * Every event of a type read so far that a condition accepts, after a quiet while in
	 * which more would have arrived.
	 */
	static <T> List<T> eventsAfterQuiet(EventTestClient.TopicReader reader, Class<T> type, Predicate<T> which) {
		return reader.readFor(Duration.ofMillis(800))
			.stream()
			.map(ConsumerRecord::value)
			.filter(type::isInstance)
			.map(type::cast)
			.filter(which)
			.toList();
	}

	static Map<String, RegionReplicated> byRegion(List<RegionReplicated> results) {
		return results.stream().collect(Collectors.toMap(RegionReplicated::getRegion, (result) -> result));
	}

}
