package dev.imagepack.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's options are refused with a line that says what is wrong, before anything is
 * called.
 */
class DemoOptionsTests {

	@TempDir
	Path folder;

	@Test
	void aTemplateFileThatDoesNotExistIsNamedAsMissing() {
		String missing = this.folder.resolve("missing.yaml").toString();

		Refusal refusal = run("--template", missing);

		assertThat(refusal.status()).isEqualTo(2);
		assertThat(refusal.errors()).startsWith("demo: no template file " + missing + "\n").contains("usage: demo");
	}

	@Test
	void anUnknownOptionIsNamed() {
		Refusal refusal = run("--colour", "blue");

		assertThat(refusal.status()).isEqualTo(2);
		assertThat(refusal.errors()).startsWith("demo: unknown option --colour\n");
	}

	private static Refusal run(String... args) {
		PrintStream original = System.err;
		ByteArrayOutputStream errors = new ByteArrayOutputStream();
		System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
		try {
			int status = DemoApplication.run(args);
			return new Refusal(status, errors.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setErr(original);
		}
	}

	private record Refusal(int status, String errors) {

	}

}
