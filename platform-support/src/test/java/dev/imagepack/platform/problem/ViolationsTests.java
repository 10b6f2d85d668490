package dev.imagepack.platform.problem;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ViolationsTests {

	@Test
	void textInAnyScriptIsPlain() {
		assertThat(Violations.isPlainText("WordPress on CentOS 7, 镜像 — صورة, עברית \u200F", false)).isTrue();
		assertThat(Violations.isPlainText("first line\n\tsecond", true)).isTrue();
	}

	@Test
	void charactersAreCountedAsAReaderCountsThem() {
		assertThat(Violations.characters("镜像")).isEqualTo(2);
		assertThat(Violations.characters("\ud83c\udf89\ud83c\udf89a")).isEqualTo(3);
		assertThat(Violations.characters("")).isZero();
	}

	@Test
	void bidirectionalOverridesEmbeddingsAndIsolatesAreNotPlain() {
		for (char c : new char[] { '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068',
				'\u2069' }) {
			assertThat(Violations.isPlainText("a" + c + "b", true)).as("U+%04X", (int) c).isFalse();
		}
	}

	@Test
	void controlCharactersLoneSurrogatesAndLineBreaksWhereNotAllowedAreNotPlain() {
		assertThat(Violations.isPlainText("a\u0000b", true)).isFalse();
		assertThat(Violations.isPlainText("a\uD800b", true)).isFalse();
		assertThat(Violations.isPlainText("a\nb", false)).isFalse();
		assertThat(Violations.isPlainText("a\u2028b", true)).isFalse();
	}

}
