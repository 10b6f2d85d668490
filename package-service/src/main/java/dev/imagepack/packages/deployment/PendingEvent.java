package dev.imagepack.packages.deployment;

import java.time.Instant;

/**
 * An event written into the package document together with the change it reports, waiting
 * to be relayed to Kafka. Its ID is the CloudEvents {@code ce_id}, so a relay that sends
 * it twice sends the same event.
 *
 * @param eventId the event's ID
 * @param type the event's full Avro name
 * @param subject what the event is about, such as {@code pkg-3f9a1c/versions/2}
 * @param payload the event in Avro single-object encoding
 * @param occurredAt when it happened
 */
public record PendingEvent(String eventId, String type, String subject, byte[] payload, Instant occurredAt) {

}
