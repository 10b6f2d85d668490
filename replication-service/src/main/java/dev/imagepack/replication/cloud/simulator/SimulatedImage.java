package dev.imagepack.replication.cloud.simulator;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An image of the simulated cloud, kept in the service's store so that copies in flight
 * survive a restart, or in memory ({@link SimulatedImages}). Its state follows from the
 * clock: copying until {@code completesAt}, failed from {@code failsAt} if set.
 *
 * @param id the image ID
 * @param region its region
 * @param sourceRegion the region it was copied from
 * @param sourceImageId the image it was copied from
 * @param clientToken the token of the copy request
 * @param sizeGib its size
 * @param startedAt when the copy started
 * @param completesAt when the copy ends
 * @param failsAt when the copy fails, if it is to fail
 * @param deletedAt when it was deleted
 * @param sharedWith the accounts it is shared with
 */
@Document("simulated_images")
record SimulatedImage(@Id String id, String region, String sourceRegion, String sourceImageId,
		@Indexed(unique = true) String clientToken, int sizeGib, Instant startedAt, Instant completesAt,
		@Nullable Instant failsAt, @Nullable Instant deletedAt, List<String> sharedWith) {

	boolean isDeleted() {
		return this.deletedAt != null;
	}

	SimulatedImage deleted(Instant at) {
		return new SimulatedImage(this.id, this.region, this.sourceRegion, this.sourceImageId, this.clientToken,
				this.sizeGib, this.startedAt, this.completesAt, this.failsAt, at, this.sharedWith);
	}

	SimulatedImage sharedWith(List<String> accountIds) {
		return new SimulatedImage(this.id, this.region, this.sourceRegion, this.sourceImageId, this.clientToken,
				this.sizeGib, this.startedAt, this.completesAt, this.failsAt, this.deletedAt, accountIds);
	}

}
