package dev.imagepack.replication.cloud.simulator;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where the simulated cloud keeps its images: in the service's store, so that copies in
 * flight survive a restart as a real cloud's do, or in memory, for load runs where the
 * simulated cloud's own bookkeeping should not weigh on the store the service uses.
 */
interface SimulatedImages {

	/**
	 * The image of an ID.
	 * @param id the image ID
	 * @return the image, or {@code null}
	 */
	@Nullable SimulatedImage find(String id);

	/**
	 * The image a copy request with this client token started.
	 * @param clientToken the token
	 * @return the image, or {@code null}
	 */
	@Nullable SimulatedImage findByClientToken(String clientToken);

	/**
	 * Every image copied from a source, deleted ones included.
	 * @param sourceImageId the source image
	 * @return its copies
	 */
	List<SimulatedImage> findBySource(String sourceImageId);

	/**
	 * Adds an image.
	 * @param image the image
	 * @throws org.springframework.dao.DuplicateKeyException if an image of the same
	 * client token exists
	 */
	void insert(SimulatedImage image);

	/**
	 * Marks an image of a region deleted, unless it is already.
	 * @param id the image ID
	 * @param region its region
	 * @param at when
	 * @return whether it was deleted now
	 */
	boolean delete(String id, String region, Instant at);

	/**
	 * How many images of a region are not deleted.
	 * @param region the region
	 * @return their number
	 */
	long countLive(String region);

	/**
	 * Shares an image with accounts, besides those it is shared with.
	 * @param id the image ID
	 * @param accountIds the accounts
	 */
	void share(String id, Collection<String> accountIds);

}
