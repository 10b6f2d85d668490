package dev.imagepack.mapping.version;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Strings and numbers packed one after the other into a byte array, for the lookup index:
 * an image ID costs one byte per character and one for its length, instead of a string
 * object of its own.
 * <p>
 * Every value is a variable-length quantity: seven bits per byte, low bits first, the
 * high bit set on every byte but the last. A number is stored zigzag-encoded, so that
 * small negative ones stay short too. A string is stored as its encoded length in bytes
 * plus one (zero for null), then each character as an unsigned quantity: ASCII, which
 * image IDs are made of, takes one byte per character, and any other character, even an
 * unpaired surrogate, still reads back unchanged. The reader knows from the context which
 * kind of value comes next.
 */
final class PackedValues {

	private PackedValues() {
	}

	/**
	 * Collects values into a byte array.
	 */
	static final class Writer {

		private byte[] bytes;

		private int size;

		Writer(int expectedSize) {
			this.bytes = new byte[Math.max(16, expectedSize)];
		}

		/**
		 * Appends one byte as it is.
		 * @param value the byte
		 * @return this writer
		 */
		Writer writeByte(int value) {
			ensure(1);
			this.bytes[this.size++] = (byte) value;
			return this;
		}

		/**
		 * Appends a number.
		 * @param value the number
		 * @return this writer
		 */
		Writer writeInt(int value) {
			writeQuantity((value << 1) ^ (value >> 31));
			return this;
		}

		/**
		 * Appends a string.
		 * @param value the string, or null
		 * @return this writer
		 */
		Writer writeString(@Nullable String value) {
			if (value == null) {
				writeQuantity(0);
				return this;
			}
			int length = 0;
			for (int i = 0; i < value.length(); i++) {
				length += quantityLength(value.charAt(i));
			}
			writeQuantity(length + 1);
			for (int i = 0; i < value.length(); i++) {
				writeQuantity(value.charAt(i));
			}
			return this;
		}

		/**
		 * The values written, in an array of exactly their size.
		 * @return the bytes
		 */
		byte[] toByteArray() {
			return Arrays.copyOf(this.bytes, this.size);
		}

		private void writeQuantity(int value) {
			ensure(5);
			int rest = value;
			while ((rest & ~0x7F) != 0) {
				this.bytes[this.size++] = (byte) ((rest & 0x7F) | 0x80);
				rest >>>= 7;
			}
			this.bytes[this.size++] = (byte) rest;
		}

		private void ensure(int more) {
			if (this.size + more > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(this.size + more, this.bytes.length * 2));
			}
		}

		private static int quantityLength(int value) {
			return (value < 0x80) ? 1 : (value < 0x4000) ? 2 : 3;
		}

	}

	/**
	 * Reads values from a byte array, from a position on.
	 */
	static final class Reader {

		private final byte[] bytes;

		private int position;

		Reader(byte[] bytes, int position) {
			this.bytes = bytes;
			this.position = position;
		}

		/**
		 * Reads a number.
		 * @return the number
		 */
		int readInt() {
			int zigzag = readQuantity();
			return (zigzag >>> 1) ^ -(zigzag & 1);
		}

		/**
		 * Reads a string.
		 * @return the string, or null
		 */
		@Nullable String readString() {
			int length = readQuantity() - 1;
			if (length < 0) {
				return null;
			}
			int start = this.position;
			int end = start + length;
			this.position = end;
			boolean ascii = true;
			for (int i = start; i < end && ascii; i++) {
				ascii = this.bytes[i] >= 0;
			}
			if (ascii) {
				return new String(this.bytes, start, length, StandardCharsets.ISO_8859_1);
			}
			StringBuilder text = new StringBuilder(length);
			Reader characters = new Reader(this.bytes, start);
			while (characters.position < end) {
				text.append((char) characters.readQuantity());
			}
			return text.toString();
		}

		/**
		 * Whether the next string is null, without reading it.
		 * @return true for a null string
		 */
		boolean nextStringIsNull() {
			return this.bytes[this.position] == 0;
		}

		/**
		 * Passes over a string without decoding it.
		 */
		void skipString() {
			int length = readQuantity() - 1;
			if (length > 0) {
				this.position += length;
			}
		}

		/**
		 * Passes over a number.
		 */
		void skipInt() {
			readQuantity();
		}

		private int readQuantity() {
			int value = 0;
			int shift = 0;
			byte next;
			do {
				next = this.bytes[this.position++];
				value |= (next & 0x7F) << shift;
				shift += 7;
			}
			while (next < 0);
			return value;
		}

	}

}
