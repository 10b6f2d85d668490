package dev.imagepack.platform.problem;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDetailTextTests {

	@Test
	void charactersAConsoleWouldNotShowAsThemselvesAreWrittenAsEscapes() {
		String detail = "No package pkg-\u202Eevil\u200B\n\u0007x exists";

		assertThat(ProblemDetailsAdvice.printable(detail))
			.isEqualTo("No package pkg-\\u202eevil\\u200b\\u000a\\u0007x exists");
	}

	@Test
	void lettersOfEveryScriptAndPairedSurrogatesStayAsGiven() {
		String detail = "Package 网站-παράδειγμα-\uD83D\uDE80 has no draft";

		assertThat(ProblemDetailsAdvice.printable(detail)).isEqualTo(detail);
		assertThat(ProblemDetailsAdvice.printable("lone \uD83D here")).isEqualTo("lone \\ud83d here");
	}

	@Test
	void aVeryLongDetailIsCutWithAnEllipsis() {
		String detail = "No package " + "x".repeat(3000) + " exists";

		String shown = ProblemDetailsAdvice.printable(detail);

		assertThat(shown).hasSize(1001).startsWith("No package xxx").endsWith("x\u2026");
		assertThat(ProblemDetailsAdvice.printable("a".repeat(1000))).isEqualTo("a".repeat(1000));
		assertThat(ProblemDetailsAdvice.printable("a".repeat(999) + "\uD83D\uDE80")).hasSize(1000).endsWith("\u2026");
	}

}
