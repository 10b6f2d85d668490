package dev.imagepack.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import dev.imagepack.events.catalog.EventCatalog;

/**
 * The CloudEvents context of one event, carried in Kafka headers as the CloudEvents Kafka
 * protocol binding describes for binary content mode. Consumers drop duplicates by
 * {@link #id()}.
 *
 * @param id unique per event; a redelivered or re-published event keeps it
 * @param type the full Avro name of the event, such as
 * {@code dev.imagepack.events.VersionPublished}
 * @param source the producer, as a URI reference such as {@code /package-service}
 * @param time when the event happened
 * @param subject what the event is about inside the aggregate, such as
 * {@code pkg-3f9a1c/versions/2}
 */
public record CloudEventAttributes(String id, String type, String source, Instant time, String subject) {

	/** Header of the event ID. */
	public static final String ID = "ce_id";

	/** Header of the event type. */
	public static final String TYPE = "ce_type";

	/** Header of the producer. */
	public static final String SOURCE = "ce_source";

	/** Header of the event time, RFC 3339. */
	public static final String TIME = "ce_time";

	/** Header of the CloudEvents version. */
	public static final String SPEC_VERSION = "ce_specversion";

	/** Header of the subject. */
	public static final String SUBJECT = "ce_subject";

	/** Header of the data content type. */
	public static final String CONTENT_TYPE = "content-type";

	/** The CloudEvents version these headers follow. */
	public static final String SPEC_VERSION_VALUE = "1.0";

	/** The content type of a single-object-encoded Avro body. */
	public static final String AVRO_CONTENT_TYPE = "application/avro";

	/**
	 * The longest event ID taken: consumers keep the IDs they handled, in documents that
	 * must not grow without bound. Room for an ID derived from an aggregate's (at most
	 * 128 characters) and a suffix, as permission-service derives its visibility events'
	 * IDs.
	 */
	public static final int MAX_ID_LENGTH = 256;

	/** The longest type, source or subject taken. */
	public static final int MAX_TEXT_LENGTH = 512;

	public CloudEventAttributes {
		requireText(id, ID, MAX_ID_LENGTH);
		requireText(type, TYPE, MAX_TEXT_LENGTH);
		requireText(source, SOURCE, MAX_TEXT_LENGTH);
		Objects.requireNonNull(time, TIME);
		requireText(subject, SUBJECT, MAX_TEXT_LENGTH);
	}

	/**
	 * Attributes for a new event with a random ID.
	 * @param event the event
	 * @param source the producer, such as {@code /package-service}
	 * @param subject what the event is about
	 * @param clock the clock that stamps the time
	 * @return the attributes
	 */
	public static CloudEventAttributes newEvent(SpecificRecord event, String source, String subject, Clock clock) {
		return new CloudEventAttributes(UUID.randomUUID().toString(), EventCatalog.of(event).name(), source,
				clock.instant(), subject);
	}

	/**
	 * Reads the attributes from record headers.
	 * @param headers the headers of a consumed record
	 * @return the attributes
	 * @throws IllegalArgumentException if a required header is missing or malformed
	 */
	public static CloudEventAttributes from(Headers headers) {
		String specVersion = text(headers, SPEC_VERSION);
		if (!SPEC_VERSION_VALUE.equals(specVersion)) {
			throw new IllegalArgumentException("Unsupported " + SPEC_VERSION + ": " + specVersion);
		}
		String time = text(headers, TIME);
		try {
			return new CloudEventAttributes(text(headers, ID), text(headers, TYPE), text(headers, SOURCE),
					EventTimes.parse(time), text(headers, SUBJECT));
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("Malformed " + TIME + ": " + time, ex);
		}
	}

	/**
	 * Writes the attributes, and the Avro content type, into record headers.
	 * @param headers the headers of a record to produce
	 */
	public void writeTo(Headers headers) {
		put(headers, ID, this.id);
		put(headers, TYPE, this.type);
		put(headers, SOURCE, this.source);
		put(headers, TIME, this.time.toString());
		put(headers, SPEC_VERSION, SPEC_VERSION_VALUE);
		put(headers, SUBJECT, this.subject);
		put(headers, CONTENT_TYPE, AVRO_CONTENT_TYPE);
	}

	/**
	 * A record for any Kafka producer: the event's topic, keyed by its aggregate ID, with
	 * these attributes.
	 * @param event the event
	 * @return the record
	 */
	public ProducerRecord<String, SpecificRecord> toRecord(SpecificRecord event) {
		EventCatalog.EventType type = EventCatalog.of(event);
		if (!type.name().equals(this.type)) {
			throw new IllegalArgumentException("Attributes of " + this.type + " cannot carry " + type.name());
		}
		ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(type.topic().topicName(),
				type.keyOf(event), event);
		writeTo(record.headers());
		return record;
	}

	private static void put(Headers headers, String key, String value) {
		headers.remove(key);
		headers.add(key, value.getBytes(StandardCharsets.UTF_8));
	}

	private static String text(Headers headers, String key) {
		Header header = headers.lastHeader(key);
		if (header == null || header.value() == null) {
			throw new IllegalArgumentException("Missing header " + key);
		}
		return new String(header.value(), StandardCharsets.UTF_8);
	}

	private static void requireText(String value, String name, int maxLength) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("Missing " + name);
		}
		if (value.length() > maxLength) {
			throw new IllegalArgumentException(
					name + " has " + value.length() + " characters; at most " + maxLength + " are taken");
		}
		if (value.chars().anyMatch(Character::isISOControl)) {
			throw new IllegalArgumentException(name + " holds a control character");
		}
	}

}
