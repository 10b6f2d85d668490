package dev.imagepack.replication.job;

import java.time.Instant;

/**
 * An event stored in the job document together with the change it reports, until Kafka
 * has acknowledged it. Its ID is the CloudEvents {@code ce_id}, so a relay that sends it
 * twice sends the same event.
 *
 * @param eventId the event's ID
 * @param type the event's full Avro name
 * @param subject what it is about, such as
 * {@code pkg-3f9a1c/versions/2/regions/cn-hangzhou}
 * @param payload the event in Avro single-object encoding
 * @param occurredAt when it happened
 */
public record OutgoingEvent(String eventId, String type, String subject, byte[] payload, Instant occurredAt) {

}
