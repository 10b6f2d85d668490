package dev.imagepack.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaNull;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

import dev.imagepack.events.catalog.EventCatalog;
import dev.imagepack.events.kafka.CloudEventAttributes;

/**
 * Turns an event into a Spring message for the Kafka binder, and reads the CloudEvents
 * context back.
 * <p>
 * Header values are raw UTF-8 bytes, as the CloudEvents Kafka binding expects, so that
 * plain Kafka clients read them the same way.
 */
public final class EventMessages {

	private static final List<String> CLOUD_EVENT_HEADERS = List.of(CloudEventAttributes.ID, CloudEventAttributes.TYPE,
			CloudEventAttributes.SOURCE, CloudEventAttributes.TIME, CloudEventAttributes.SPEC_VERSION,
			CloudEventAttributes.SUBJECT);

	private EventMessages() {
	}

	/**
	 * A message keyed by the event's aggregate ID, with the CloudEvents headers.
	 * @param event the event
	 * @param attributes its CloudEvents context
	 * @return the message
	 */
	public static Message<SpecificRecord> toMessage(SpecificRecord event, CloudEventAttributes attributes) {
		EventCatalog.EventType type = EventCatalog.of(event);
		if (!type.name().equals(attributes.type())) {
			throw new IllegalArgumentException("Attributes of " + attributes.type() + " cannot carry " + type.name());
		}
		return withHeaders(MessageBuilder.withPayload(event), type.keyOf(event), attributes).build();
	}

	/**
	 * A message of an event that is already encoded, for a binding whose value serializer
	 * passes bytes through ({@link EventOrBytesSerializer}).
	 * @param encoded the event in single-object encoding
	 * @param key the aggregate ID
	 * @param attributes its CloudEvents context
	 * @return the message
	 */
	public static Message<byte[]> toMessage(byte[] encoded, String key, CloudEventAttributes attributes) {
		return withHeaders(MessageBuilder.withPayload(encoded), key, attributes).build();
	}

	private static <T> MessageBuilder<T> withHeaders(MessageBuilder<T> builder, String key,
			CloudEventAttributes attributes) {
		return builder.setHeader(KafkaHeaders.KEY, key)
			.setHeader(CloudEventAttributes.ID, bytes(attributes.id()))
			.setHeader(CloudEventAttributes.TYPE, bytes(attributes.type()))
			.setHeader(CloudEventAttributes.SOURCE, bytes(attributes.source()))
			.setHeader(CloudEventAttributes.TIME, bytes(attributes.time().toString()))
			.setHeader(CloudEventAttributes.SPEC_VERSION, bytes(CloudEventAttributes.SPEC_VERSION_VALUE))
			.setHeader(CloudEventAttributes.SUBJECT, bytes(attributes.subject()))
			.setHeader(CloudEventAttributes.CONTENT_TYPE, bytes(CloudEventAttributes.AVRO_CONTENT_TYPE));
	}

	/**
	 * The event a consumed record carries. A record without a value, which Kafka hands on
	 * without asking the deserializer, is refused with a reason of its own: event topics
	 * are not compacted and carry no tombstones.
	 * @param message the consumed record
	 * @return its event
	 * @throws IllegalArgumentException when the record carries no event
	 */
	public static SpecificRecord eventOf(Message<?> message) {
		Object payload = message.getPayload();
		if (payload instanceof SpecificRecord event) {
			checkKey(message.getHeaders().get(KafkaHeaders.RECEIVED_KEY), event);
			Object type = message.getHeaders().get(CloudEventAttributes.TYPE);
			if (type instanceof byte[] raw) {
				checkType(new String(raw, StandardCharsets.UTF_8), event);
			}
			else if (type instanceof String text) {
				checkType(text, event);
			}
			return event;
		}
		String topic = message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC, String.class);
		if (payload instanceof KafkaNull) {
			throw new IllegalArgumentException(
					"Record on topic " + topic + " has no value; event topics carry no tombstones");
		}
		throw new IllegalArgumentException(
				"Record on topic " + topic + " carries " + payload.getClass().getName() + ", not an event");
	}

	/**
	 * Refuses an event whose record key is not the ID of what the event is about: the key
	 * chooses the partition, and only on one partition do the events of a package or a
	 * service keep their order.
	 * @param key the record's key
	 * @param event its event
	 * @throws IllegalArgumentException if the key is another
	 */
	static void checkKey(@Nullable Object key, SpecificRecord event) {
		String expected = EventCatalog.of(event).keyOf(event);
		if (!expected.equals(key)) {
			String shown = (key == null) ? "none" : "'" + abbreviate(key.toString()) + "'";
			throw new IllegalArgumentException("The record's key, " + shown + ", is not the ID its "
					+ event.getSchema().getName() + " is about, '" + abbreviate(expected) + "'");
		}
	}

	/**
	 * Refuses an event whose {@code ce_type} names another type than the one its value
	 * holds. Consumers act on the value; a producer whose header says something else has
	 * mixed up its records, and which of the two it meant cannot be told.
	 * @param type the record's {@code ce_type}
	 * @param event its event
	 * @throws IllegalArgumentException if the type is another
	 */
	static void checkType(String type, SpecificRecord event) {
		String held = EventCatalog.of(event).name();
		if (!held.equals(type)) {
			throw new IllegalArgumentException("The record's ce_type, '" + abbreviate(type)
					+ "', is not the type of the event its value holds, '" + held + "'");
		}
	}

	private static String abbreviate(String value) {
		return (value.length() <= 80) ? value : value.substring(0, 80) + "…";
	}

	/**
	 * The CloudEvents context of a consumed message.
	 * @param headers the message headers
	 * @return the attributes
	 * @throws IllegalArgumentException if a required header is missing or malformed
	 */
	public static CloudEventAttributes attributesOf(MessageHeaders headers) {
		return attributesOf((Map<String, Object>) headers);
	}

	/**
	 * The CloudEvents context of one record of a batch, from its converted headers.
	 * @param headers the record's headers
	 * @return the attributes
	 * @throws IllegalArgumentException if a required header is missing or malformed
	 */
	public static CloudEventAttributes attributesOf(Map<?, ?> headers) {
		RecordHeaders kafkaHeaders = new RecordHeaders();
		for (String name : CLOUD_EVENT_HEADERS) {
			Object value = headers.get(name);
			if (value instanceof byte[] raw) {
				kafkaHeaders.add(name, raw);
			}
			else if (value instanceof String text) {
				kafkaHeaders.add(name, bytes(text));
			}
		}
		return CloudEventAttributes.from(kafkaHeaders);
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
