package dev.imagepack.replication.cloud.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The simulated cloud's images in the service's store, where they survive a restart.
 */
final class StoredSimulatedImages implements SimulatedImages {

	private final MongoTemplate mongo;

	StoredSimulatedImages(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	public @Nullable SimulatedImage find(String id) {
		return this.mongo.findById(id, SimulatedImage.class);
	}

	@Override
	public @Nullable SimulatedImage findByClientToken(String clientToken) {
		return this.mongo.findOne(Query.query(Criteria.where("clientToken").is(clientToken)), SimulatedImage.class);
	}

	@Override
	public List<SimulatedImage> findBySource(String sourceImageId) {
		return this.mongo.find(Query.query(Criteria.where("sourceImageId").is(sourceImageId)), SimulatedImage.class);
	}

	@Override
	public void insert(SimulatedImage image) {
		this.mongo.insert(image);
	}

	@Override
	public boolean delete(String id, String region, Instant at) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(id).and("region").is(region).and("deletedAt").is(null)),
					new Update().set("deletedAt", at), SimulatedImage.class)
			.getModifiedCount() > 0;
	}

	@Override
	public long countLive(String region) {
		return this.mongo.count(Query.query(Criteria.where("region").is(region).and("deletedAt").is(null)),
				SimulatedImage.class);
	}

	@Override
	public void share(String id, Collection<String> accountIds) {
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
				new Update().addToSet("sharedWith").each(new ArrayList<>(accountIds)), SimulatedImage.class);
	}

}
