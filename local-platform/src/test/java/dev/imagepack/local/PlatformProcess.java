package dev.imagepack.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local platform running as a separate JVM, the way a developer starts it, with its
 * console output collected for assertions.
 */
final class PlatformProcess implements AutoCloseable {

	private static final Pattern STARTUP = Pattern.compile("^\\s+startup\\s+(\\d+) ms");

	private final Process process;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Thread reader;

	private PlatformProcess(Process process) {
		this.process = process;
		this.reader = new Thread(this::collectOutput, "platform-output");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Forks {@link LocalPlatformApplication} with the test class path.
	 * @param args the command-line arguments
	 * @return the running process
	 */
	static PlatformProcess start(String... args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx512m");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(LocalPlatformApplication.class.getName());
		command.addAll(List.of(args));
		try {
			return new PlatformProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void collectOutput() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.lines.add(line);
				System.out.println("[platform] " + line);
			}
		}
		catch (IOException ex) {
			// The stream closes when the process dies.
		}
	}

	/**
	 * Waits until the platform prints {@code ready}, failing early if it exits first.
	 * @return the startup time it reported
	 */
	Duration awaitReady() {
		await("platform ready").atMost(Duration.ofSeconds(90))
			.until(() -> this.lines.contains("ready") || !this.process.isAlive());
		assertThat(this.lines).as("output of a platform that exited with %s", exitCode()).contains("ready");
		return reportedStartupTime();
	}

	private String exitCode() {
		return this.process.isAlive() ? "nothing yet" : String.valueOf(this.process.exitValue());
	}

	private Duration reportedStartupTime() {
		for (String line : this.lines) {
			Matcher matcher = STARTUP.matcher(line);
			if (matcher.find()) {
				return Duration.ofMillis(Long.parseLong(matcher.group(1)));
			}
		}
		throw new AssertionError("no startup time reported in " + this.lines);
	}

	/**
	 * Waits for the process to exit on its own.
	 * @return the exit code
	 */
	int awaitExit() {
		try {
			assertThat(this.process.waitFor(60, TimeUnit.SECONDS)).as("process exited").isTrue();
			// The reader may still be draining the last lines; it ends at end of stream.
			this.reader.join(Duration.ofSeconds(10).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return this.process.exitValue();
	}

	/**
	 * Sends SIGTERM, as Ctrl-C or a service manager would, and waits for the exit.
	 * @return the exit code
	 */
	int stop() {
		// Through the handle: Process.destroy() also closes our end of the output
		// pipe, which would lose what the shutdown hook prints.
		assertThat(this.process.toHandle().destroy()).as("SIGTERM sent").isTrue();
		return awaitExit();
	}

	/**
	 * Sends SIGKILL, leaving no chance to flush or close anything, and waits for the
	 * exit.
	 * @return the exit code
	 */
	int kill() {
		assertThat(this.process.toHandle().destroyForcibly()).as("SIGKILL sent").isTrue();
		return awaitExit();
	}

	/**
	 * Returns what the process printed so far, stdout and stderr merged.
	 * @return the lines
	 */
	List<String> output() {
		return List.copyOf(this.lines);
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			try {
				this.process.waitFor(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
