package dev.imagepack.events.kafka;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The framing of Avro's single-object encoding: the marker {@code C3 01}, the CRC-64-AVRO
 * fingerprint of the writer schema's parsing canonical form in little-endian order, then
 * the binary-encoded datum.
 */
final class SingleObjectEncoding {

	static final byte MARKER_FIRST = (byte) 0xC3;

	static final byte MARKER_SECOND = (byte) 0x01;

	static final int HEADER_LENGTH = 10;

	private SingleObjectEncoding() {
	}

	static long fingerprint(Schema schema) {
		return SchemaNormalization.parsingFingerprint64(schema);
	}

	static void writeHeader(byte[] target, long fingerprint) {
		target[0] = MARKER_FIRST;
		target[1] = MARKER_SECOND;
		ByteBuffer.wrap(target, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint);
	}

	static boolean hasHeader(byte[] data) {
		return data.length >= HEADER_LENGTH && data[0] == MARKER_FIRST && data[1] == MARKER_SECOND;
	}

	static long readFingerprint(byte[] data) {
		return ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
	}

}
