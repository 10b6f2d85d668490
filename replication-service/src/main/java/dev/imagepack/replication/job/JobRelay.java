package dev.imagepack.replication.job;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import dev.imagepack.events.catalog.EventCatalog.Topic;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.platform.messaging.EventMessages;

/**
 * Sends a job's stored events to {@code replication-events} in order and removes those
 * Kafka acknowledged. An event can be sent twice (a crash between send and removal);
 * consumers drop it by {@code ce_id}.
 */
class JobRelay {

	static final String BINDING = "replication-events";

	private static final Logger logger = LoggerFactory.getLogger(JobRelay.class);

	private final MongoTemplate mongo;

	private final StreamBridge streamBridge;

	JobRelay(MongoTemplate mongo, StreamBridge streamBridge) {
		this.mongo = mongo;
		this.streamBridge = streamBridge;
	}

	/**
	 * Relays a job's pending events, stopping at the first one Kafka does not take.
	 * @param job the job as stored
	 * @return whether every pending event was sent and removed
	 */
	boolean relay(ReplicationJob job) {
		List<OutgoingEvent> pending = job.getPendingEvents();
		if (pending.isEmpty()) {
			return true;
		}
		List<String> sent = new ArrayList<>();
		try {
			for (OutgoingEvent event : pending) {
				CloudEventAttributes attributes = new CloudEventAttributes(event.eventId(), event.type(),
						JobEvents.SOURCE, event.occurredAt(), event.subject());
				this.streamBridge.send(BINDING,
						EventMessages.toMessage(event.payload(), job.getPackageId(), attributes));
				sent.add(event.eventId());
			}
		}
		catch (RuntimeException ex) {
			logger.atWarn()
				.addKeyValue("jobId", job.getId())
				.addKeyValue("pending", pending.size() - sent.size())
				.setCause(ex)
				.log("Kafka did not take the job's events; they stay pending");
		}
		if (sent.isEmpty()) {
			return false;
		}
		// Versioned, so that a writer holding the older document cannot put the sent
		// events back.
		this.mongo.updateFirst(Query.query(Criteria.where("_id").is(job.getId()).and("revision").is(job.getRevision())),
				new Update().pull("pendingEvents", new Document("eventId", new Document("$in", sent)))
					.inc("revision", 1),
				ReplicationJob.class);
		return sent.size() == pending.size();
	}

}
