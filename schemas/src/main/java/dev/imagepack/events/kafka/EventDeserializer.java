package dev.imagepack.events.kafka;

import java.io.IOException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import org.jspecify.annotations.Nullable;

import dev.imagepack.events.catalog.EventCatalog;
import dev.imagepack.events.catalog.SchemaHistory;

/**
 * Reads an event in Avro single-object encoding into the current generated class. The
 * writer schema is found by its fingerprint among the current schemas and every released
 * version, so events written by older code stay readable. Works with any Kafka consumer:
 * {@code value.deserializer=dev.imagepack.events.kafka.EventDeserializer}.
 */
public class EventDeserializer implements Deserializer<SpecificRecord> {

	private static volatile @Nullable Map<Long, DatumReader<SpecificRecord>> defaultReaders;

	private final Map<Long, DatumReader<SpecificRecord>> readers;

	/**
	 * Creates a deserializer that knows the released history the schemas module ships.
	 */
	public EventDeserializer() {
		this.readers = defaultReaders();
	}

	/**
	 * Creates a deserializer that knows the given history besides the current schemas.
	 * @param history released versions
	 */
	public EventDeserializer(SchemaHistory history) {
		this.readers = readersFor(history);
	}

	private static Map<Long, DatumReader<SpecificRecord>> defaultReaders() {
		Map<Long, DatumReader<SpecificRecord>> readers = defaultReaders;
		if (readers == null) {
			readers = readersFor(SchemaHistory.load());
			defaultReaders = readers;
		}
		return readers;
	}

	private static Map<Long, DatumReader<SpecificRecord>> readersFor(SchemaHistory history) {
		AvroTrust.install();
		Map<Long, DatumReader<SpecificRecord>> readers = new HashMap<>();
		for (EventCatalog.EventType type : EventCatalog.types()) {
			Schema current = type.schema();
			SpecificData model = SpecificData.getForClass(type.javaClass());
			for (Schema writer : history.released(type.name())) {
				readers.put(SingleObjectEncoding.fingerprint(writer),
						new SpecificDatumReader<>(writer, current, model));
			}
			readers.put(SingleObjectEncoding.fingerprint(current), new SpecificDatumReader<>(current, current, model));
		}
		return Map.copyOf(readers);
	}

	/**
	 * The fingerprints this deserializer can read.
	 * @return the CRC-64-AVRO fingerprints of every known writer schema
	 */
	public List<Long> knownFingerprints() {
		return List.copyOf(this.readers.keySet());
	}

	@Override
	public SpecificRecord deserialize(String topic, byte @Nullable [] data) {
		if (data == null) {
			// Event topics are not compacted and carry no tombstones; a record without a
			// value is malformed.
			throw new SerializationException(
					"Record on topic " + topic + " has no value; event topics carry no " + "tombstones");
		}
		if (!SingleObjectEncoding.hasHeader(data)) {
			throw new SerializationException("Record on topic " + topic + " is not in Avro single-object encoding: "
					+ ((data.length < SingleObjectEncoding.HEADER_LENGTH) ? "it has " + data.length
							+ " bytes, fewer than the marker C3 01 and the 8-byte schema " + "fingerprint"
							: "it does not start with the marker C3 01"));
		}
		long fingerprint = SingleObjectEncoding.readFingerprint(data);
		DatumReader<SpecificRecord> reader = this.readers.get(fingerprint);
		if (reader == null) {
			throw new SerializationException("Record on topic " + topic + " was written with an unknown schema: "
					+ "fingerprint " + hex(fingerprint) + " matches no current or released event schema");
		}
		return read(topic, data, reader);
	}

	private SpecificRecord read(String topic, byte[] data, DatumReader<SpecificRecord> reader) {
		int length = data.length - SingleObjectEncoding.HEADER_LENGTH;
		BinaryDecoder decoder = DecoderFactory.get()
			.binaryDecoder(data, SingleObjectEncoding.HEADER_LENGTH, length, null);
		try {
			SpecificRecord event = reader.read(null, decoder);
			if (!decoder.isEnd()) {
				throw new SerializationException("Record on topic " + topic + " has bytes after its "
						+ event.getSchema().getFullName() + " body");
			}
			return event;
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof SerializationException serializationException) {
				throw serializationException;
			}
			throw new SerializationException("Record on topic " + topic + " has a malformed body: " + ex, ex);
		}
	}

	private static String hex(long fingerprint) {
		byte[] bytes = new byte[8];
		for (int i = 0; i < 8; i++) {
			bytes[i] = (byte) (fingerprint >>> (8 * i));
		}
		return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
	}

}
