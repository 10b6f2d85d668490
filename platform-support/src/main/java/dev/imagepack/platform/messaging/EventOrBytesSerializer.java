package dev.imagepack.platform.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

import dev.imagepack.events.kafka.EventSerializer;

/**
 * Writes whatever a dead-lettered record carries: the original bytes of a record that
 * could not be decoded, or the decoded event of a record whose handler failed, so the
 * dead-letter topic holds the same bytes either way.
 */
public class EventOrBytesSerializer implements Serializer<Object> {

	private final EventSerializer events = new EventSerializer();

	@Override
	public byte @Nullable [] serialize(String topic, @Nullable Object data) {
		if (data == null || data instanceof byte[]) {
			return (byte[]) data;
		}
		if (data instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		if (data instanceof SpecificRecord event) {
			return this.events.serialize(topic, event);
		}
		throw new SerializationException("Cannot write a " + data.getClass().getName() + " to " + topic);
	}

}
