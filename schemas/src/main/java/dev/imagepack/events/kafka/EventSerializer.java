package dev.imagepack.events.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import org.jspecify.annotations.Nullable;

import dev.imagepack.events.catalog.EventCatalog;

/**
 * Writes an event of the catalogue in Avro single-object encoding. Works with any Kafka
 * producer: {@code value.serializer=dev.imagepack.events.kafka.EventSerializer}.
 */
public class EventSerializer implements Serializer<SpecificRecord> {

	private static final ClassValue<@Nullable Writer> WRITERS = new ClassValue<>() {

		@Override
		protected @Nullable Writer computeValue(Class<?> type) {
			return EventCatalog.forClass(type).map((eventType) -> new Writer(eventType.schema(), type)).orElse(null);
		}

	};

	@Override
	public byte @Nullable [] serialize(String topic, @Nullable SpecificRecord event) {
		if (event == null) {
			return null;
		}
		Writer writer = WRITERS.get(event.getClass());
		if (writer == null) {
			throw new SerializationException("Cannot write " + event.getClass().getName() + " to topic " + topic
					+ ": it is not an event of the catalogue");
		}
		return writer.write(event, topic);
	}

	private static final class Writer {

		private final long fingerprint;

		private final DatumWriter<SpecificRecord> datumWriter;

		private final Schema schema;

		Writer(Schema schema, Class<?> type) {
			this.schema = schema;
			this.fingerprint = SingleObjectEncoding.fingerprint(schema);
			this.datumWriter = new SpecificDatumWriter<>(schema, SpecificData.getForClass(type));
		}

		byte[] write(SpecificRecord event, String topic) {
			ByteArrayOutputStream out = new ByteArrayOutputStream(256);
			byte[] header = new byte[SingleObjectEncoding.HEADER_LENGTH];
			SingleObjectEncoding.writeHeader(header, this.fingerprint);
			out.writeBytes(header);
			try {
				BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
				this.datumWriter.write(event, encoder);
				encoder.flush();
			}
			catch (IOException | RuntimeException ex) {
				throw new SerializationException(
						"Cannot write " + this.schema.getFullName() + " to topic " + topic + ": " + ex.getMessage(),
						ex);
			}
			return out.toByteArray();
		}

	}

}
