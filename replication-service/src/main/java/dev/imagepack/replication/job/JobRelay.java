package dev.imagepack.replication.job;

import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.data.mongodb.core.query.Update;

import dev.imagepack.events.catalog.EventCatalog.Topic;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.platform.messaging.EventMessages;

/**
 * Sends a job's events to {@code replication-events} in order. The worker sends the
 * events of a step before it stores the step, and stores those Kafka did not take with
 * the job, to be sent later. An event can be sent twice (a crash between the send and the
 * write after it, or a step taken again after its write failed); consumers drop a
 * repeated {@code ce_id} and apply a repeated report as they applied the first.
 */
class JobRelay {

	static final String BINDING = "replication-events";

	private static final Logger logger = LoggerFactory.getLogger(JobRelay.class);

	private final StreamBridge streamBridge;

	JobRelay(StreamBridge streamBridge) {
		this.streamBridge = streamBridge;
	}

	/**
	 * Sends a job's pending events in order, stopping at the first one Kafka does not
	 * take. The caller leaves those sent out of its next write of the job.
	 * @param job the job
	 * @return the IDs of the events sent
	 */
	List<String> send(ReplicationJob job) {
		List<OutgoingEvent> pending = job.getPendingEvents();
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
		return sent;
	}

	/**
	 * The part of an update that removes sent events from a stored job.
	 * @param sent the IDs of the events sent
	 * @return the update
	 */
	static Update removal(List<String> sent) {
		return new Update().pull("pendingEvents", new Document("eventId", new Document("$in", sent)));
	}

}
