package dev.imagepack.eventreader;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/**
 * One record of an event topic as one line of JSON: where it is, its key, its headers and
 * its event with the event's own field names, or, for a value that is not an event (a
 * dead letter, say), the value in Base64 and why it could not be read.
 * <p>
 * Keys and header values are shown as text when they are UTF-8 without control
 * characters, otherwise in Base64 after {@code "base64:"}; a header sent more than once
 * shows its values as an array; times are ISO 8601; bytes are Base64.
 */
final class RecordJson {

	private RecordJson() {
	}

	/**
	 * The record as a line.
	 * @param record the record as Kafka returned it
	 * @param event its event, if its value could be read
	 * @param unreadable why its value could not be read, if it could not
	 * @return one line of JSON, without its line break
	 */
	static String line(ConsumerRecord<byte[], byte[]> record, @Nullable IndexedRecord event,
			@Nullable String unreadable) {
		StringBuilder json = new StringBuilder(256);
		json.append("{\"topic\":");
		string(json, record.topic());
		json.append(",\"partition\":").append(record.partition());
		json.append(",\"offset\":").append(record.offset());
		json.append(",\"timestamp\":");
		string(json, Instant.ofEpochMilli(record.timestamp()).toString());
		json.append(",\"key\":");
		bytesAsText(json, record.key());
		json.append(",\"headers\":{");
		// A header sent more than once shows all its values, in order, as an array.
		Map<String, List<byte @Nullable []>> headers = new LinkedHashMap<>();
		for (Header header : record.headers()) {
			headers.computeIfAbsent(header.key(), (key) -> new ArrayList<>()).add(header.value());
		}
		boolean first = true;
		for (Map.Entry<String, List<byte @Nullable []>> header : headers.entrySet()) {
			if (!first) {
				json.append(',');
			}
			first = false;
			string(json, header.getKey());
			json.append(':');
			List<byte @Nullable []> values = header.getValue();
			if (values.size() == 1) {
				bytesAsText(json, values.get(0));
			}
			else {
				json.append('[');
				for (int i = 0; i < values.size(); i++) {
					if (i > 0) {
						json.append(',');
					}
					bytesAsText(json, values.get(i));
				}
				json.append(']');
			}
		}
		json.append('}');
		if (event != null) {
			json.append(",\"type\":");
			string(json, event.getSchema().getFullName());
			json.append(",\"event\":");
			value(json, event);
		}
		else {
			json.append(",\"unreadable\":");
			string(json, (unreadable != null) ? unreadable : "no event");
			json.append(",\"valueBase64\":");
			if (record.value() == null) {
				json.append("null");
			}
			else {
				string(json, Base64.getEncoder().encodeToString(record.value()));
			}
		}
		return json.append('}').toString();
	}

	/**
	 * A key or header value: as text if it is UTF-8 without control characters, otherwise
	 * in Base64 after {@code base64:}.
	 */
	private static void bytesAsText(StringBuilder json, byte @Nullable [] value) {
		if (value == null) {
			json.append("null");
			return;
		}
		String text = printableText(value);
		string(json, (text != null) ? text : "base64:" + Base64.getEncoder().encodeToString(value));
	}

	private static @Nullable String printableText(byte[] value) {
		try {
			String text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(value))
				.toString();
			return text.chars().anyMatch(Character::isISOControl) ? null : text;
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private static void value(StringBuilder json, @Nullable Object value) {
		if (value == null) {
			json.append("null");
		}
		else if (value instanceof IndexedRecord record) {
			json.append('{');
			boolean first = true;
			for (Schema.Field field : record.getSchema().getFields()) {
				if (!first) {
					json.append(',');
				}
				first = false;
				string(json, field.name());
				json.append(':');
				value(json, record.get(field.pos()));
			}
			json.append('}');
		}
		else if (value instanceof Map<?, ?> map) {
			json.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!first) {
					json.append(',');
				}
				first = false;
				string(json, String.valueOf(entry.getKey()));
				json.append(':');
				value(json, entry.getValue());
			}
			json.append('}');
		}
		else if (value instanceof Collection<?> values) {
			json.append('[');
			boolean first = true;
			for (Object element : values) {
				if (!first) {
					json.append(',');
				}
				first = false;
				value(json, element);
			}
			json.append(']');
		}
		else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
			json.append(value);
		}
		else if (value instanceof Float || value instanceof Double) {
			double number = ((Number) value).doubleValue();
			if (Double.isFinite(number)) {
				json.append(value);
			}
			else {
				string(json, value.toString());
			}
		}
		else if (value instanceof ByteBuffer bytes) {
			ByteBuffer copy = bytes.duplicate();
			byte[] content = new byte[copy.remaining()];
			copy.get(content);
			string(json, Base64.getEncoder().encodeToString(content));
		}
		else if (value instanceof byte[] bytes) {
			string(json, Base64.getEncoder().encodeToString(bytes));
		}
		else if (value instanceof GenericContainer container) {
			// A fixed value: its bytes.
			string(json, container.toString());
		}
		else {
			// Strings, enum symbols, and logical types such as Instant, by their text.
			string(json, value.toString());
		}
	}

	private static void string(StringBuilder json, String text) {
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20 || c == 0x2028 || c == 0x2029) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
