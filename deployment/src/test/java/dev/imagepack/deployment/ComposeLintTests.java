package dev.imagepack.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker-compose.yml validated offline against the Compose schema and dclint's
 * correctness rules ({@code .dclintrc} turns off the style-only ones), and proof that the
 * check fails files it must fail.
 * <p>
 * dclint comes from npm: the pinned version of {@code deployment/package.json}, which
 * these tests install with {@code npm ci} when it is missing and npm is at hand. Without
 * it they are skipped, unless {@code -Dimagepack.dclint.required=true} (which
 * {@code .ci/run} passes) makes them fail instead.
 */
class ComposeLintTests {

	private static final Path DCLINT = Path.of(System.getProperty("imagepack.dclint",
			Project.ROOT.resolve("deployment/node_modules/.bin/dclint").toString()));

	@BeforeAll
	static void dclintInstalled() throws Exception {
		if (!Files.isExecutable(DCLINT) && System.getProperty("imagepack.dclint") == null) {
			installWithNpm();
		}
		boolean installed = Files.isExecutable(DCLINT);
		if (Boolean.getBoolean("imagepack.dclint.required")) {
			assertThat(installed).as("dclint at %s (npm ci --prefix deployment)", DCLINT).isTrue();
		}
		assumeTrue(installed, "dclint is not installed: run npm ci --prefix deployment to check docker-compose.yml");
	}

	private static void installWithNpm() throws InterruptedException {
		try {
			Process npm = new ProcessBuilder("npm", "ci", "--prefix", Project.ROOT.resolve("deployment").toString(),
					"--no-audit", "--no-fund", "--loglevel=error")
				.redirectErrorStream(true)
				.start();
			String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
				System.err.println("npm ci --prefix deployment did not install dclint:\n" + output);
			}
		}
		catch (IOException ex) {
			System.err.println("npm is not at hand to install dclint: " + ex.getMessage());
		}
	}

	@Test
	void composeFilePassesWithoutErrorsOrWarnings() throws Exception {
		Result result = lint(Project.ROOT.resolve("docker-compose.yml"));
		assertThat(result.exit()).as(result.output()).isZero();
		assertThat(result.output()).doesNotContain("error").doesNotContain("warning");
	}

	@ParameterizedTest(name = "{0} fails with {1}")
	@CsvSource({ "unknown-service-key.yml, invalid-schema", "misspelt-dependency-condition.yml, invalid-schema",
			"image-without-tag.yml, service-image-require-explicit-tag",
			"port-on-every-interface.yml, no-unbound-port-interfaces", "build-and-image.yml, no-build-and-image",
			"duplicate-host-port.yml, no-duplicate-exported-ports" })
	void invalidComposeFileFails(String file, String rule) throws Exception {
		Path fixture = Path.of(getClass().getResource("/invalid-compose/" + file).toURI());

		Result result = lint(fixture);

		assertThat(result.exit()).as(result.output()).isNotZero();
		assertThat(result.output()).contains(rule);
	}

	private static Result lint(Path file) throws Exception {
		List<String> command = new ArrayList<>(List.of(DCLINT.toString(), file.toString(), "--config",
				Project.ROOT.resolve(".dclintrc").toString(), "--max-warnings", "0", "--color=false"));
		Process process = new ProcessBuilder(command).directory(Project.ROOT.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), output);
	}

	private record Result(int exit, String output) {
	}

}
