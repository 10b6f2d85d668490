package dev.imagepack.mapping.version;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PackedValuesTests {

	@Test
	void everyStringAndNumberReadsBackUnchanged() {
		List<String> strings = Arrays.asList("m-bp1abcdefghij0123456", null, "", "é", "m-ünïcödé", "\uD83D\uDE00",
				"lone \uD800 surrogate", "\uFFFF\u0080\u3FFF\u4000", "x".repeat(200), "y".repeat(70_000));
		List<Integer> numbers = List.of(0, 1, -1, 63, 64, -64, -65, 100, 127, 128, Integer.MAX_VALUE,
				Integer.MIN_VALUE);
		PackedValues.Writer writer = new PackedValues.Writer(4);
		for (int i = 0; i < strings.size(); i++) {
			writer.writeString(strings.get(i)).writeInt(numbers.get(i));
		}
		PackedValues.Reader reader = new PackedValues.Reader(writer.toByteArray(), 0);

		List<String> readStrings = new ArrayList<>();
		List<Integer> readNumbers = new ArrayList<>();
		for (int i = 0; i < strings.size(); i++) {
			readStrings.add(reader.readString());
			readNumbers.add(reader.readInt());
		}

		assertThat(readStrings).isEqualTo(strings);
		assertThat(readNumbers).isEqualTo(numbers.subList(0, strings.size()));
	}

	@Test
	void anAsciiStringTakesOneBytePerCharacterAndOneForItsLength() {
		byte[] packed = new PackedValues.Writer(0).writeString("m-bp1abcdefghij0123456")
			.writeString(null)
			.toByteArray();

		assertThat(packed).hasSize(1 + 22 + 1);
	}

	@Test
	void skippedValuesLeaveTheReaderOnTheNextOne() {
		byte[] packed = new PackedValues.Writer(0).writeString("é".repeat(100))
			.writeInt(-70_000)
			.writeString(null)
			.writeString("next")
			.toByteArray();
		PackedValues.Reader reader = new PackedValues.Reader(packed, 0);

		reader.skipString();
		reader.skipInt();
		assertThat(reader.nextStringIsNull()).isTrue();
		reader.skipString();

		assertThat(reader.nextStringIsNull()).isFalse();
		assertThat(reader.readString()).isEqualTo("next");
	}

}
