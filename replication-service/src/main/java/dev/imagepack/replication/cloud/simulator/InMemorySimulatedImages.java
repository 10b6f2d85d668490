package dev.imagepack.replication.cloud.simulator;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;

/**
 * The simulated cloud's images in memory: gone when the service stops, as if the cloud
 * forgot every copy, so only for runs that do not restart it.
 */
final class InMemorySimulatedImages implements SimulatedImages {

	private final Map<String, SimulatedImage> byId = new HashMap<>();

	private final Map<String, String> idsByClientToken = new HashMap<>();

	@Override
	public synchronized @Nullable SimulatedImage find(String id) {
		return this.byId.get(id);
	}

	@Override
	public synchronized @Nullable SimulatedImage findByClientToken(String clientToken) {
		String id = this.idsByClientToken.get(clientToken);
		return (id != null) ? this.byId.get(id) : null;
	}

	@Override
	public synchronized List<SimulatedImage> findBySource(String sourceImageId) {
		return this.byId.values().stream().filter((image) -> image.sourceImageId().equals(sourceImageId)).toList();
	}

	@Override
	public synchronized void insert(SimulatedImage image) {
		if (this.byId.containsKey(image.id()) || this.idsByClientToken.containsKey(image.clientToken())) {
			throw new DuplicateKeyException(
					"An image with the ID " + image.id() + " or the client token " + image.clientToken() + " exists");
		}
		this.byId.put(image.id(), image);
		this.idsByClientToken.put(image.clientToken(), image.id());
	}

	@Override
	public synchronized boolean delete(String id, String region, Instant at) {
		SimulatedImage image = this.byId.get(id);
		if (image == null || !image.region().equals(region) || image.isDeleted()) {
			return false;
		}
		this.byId.put(id, image.deleted(at));
		return true;
	}

	@Override
	public synchronized long countLive(String region) {
		return this.byId.values()
			.stream()
			.filter((image) -> image.region().equals(region) && !image.isDeleted())
			.count();
	}

	@Override
	public synchronized void share(String id, Collection<String> accountIds) {
		SimulatedImage image = this.byId.get(id);
		if (image != null) {
			Set<String> shared = new LinkedHashSet<>(image.sharedWith());
			shared.addAll(accountIds);
			this.byId.put(id, image.sharedWith(List.copyOf(shared)));
		}
	}

}
