package dev.imagepack.local;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagepack.local.LocalPlatformSettings.InvalidSettingsException;

/**
 * Command-line entry point: starts the local platform, prints where everything listens
 * and keeps it running until Ctrl-C or SIGTERM.
 */
public final class LocalPlatformApplication {

	/** Exit code when the platform cannot start. */
	static final int EXIT_START_FAILED = 1;

	/** Exit code for invalid command-line input. */
	static final int EXIT_USAGE = 2;

	private LocalPlatformApplication() {
	}

	/**
	 * Starts the platform and blocks until the JVM is asked to stop.
	 * @param args the options described by {@link LocalPlatformSettings#USAGE}
	 * @throws InterruptedException if the main thread is interrupted while waiting
	 */
	public static void main(String[] args) throws InterruptedException {
		useOwnLoggingConfiguration();
		List<String> arguments = List.of(args);
		if (arguments.contains("--help") || arguments.contains("-h")) {
			System.out.println(LocalPlatformSettings.USAGE);
			return;
		}
		LocalPlatformSettings settings;
		try {
			settings = LocalPlatformSettings.parse(arguments, System.getenv());
		}
		catch (InvalidSettingsException ex) {
			System.err.println("local-platform: " + ex.getMessage());
			System.err.println(LocalPlatformSettings.USAGE);
			System.exit(EXIT_USAGE);
			return;
		}
		Logger logger = LoggerFactory.getLogger(LocalPlatformApplication.class);
		LocalPlatform platform;
		try {
			platform = LocalPlatform.start(settings);
		}
		catch (LocalPlatformException ex) {
			logger.debug("Start failed", ex);
			System.err.println("local-platform: " + ex.getMessage());
			System.exit(EXIT_START_FAILED);
			return;
		}
		catch (RuntimeException ex) {
			logger.error("Start failed unexpectedly", ex);
			System.exit(EXIT_START_FAILED);
			return;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(platform, System.out), "local-platform-stop"));
		printTable(platform, System.out);
		platform.awaitClose();
	}

	/**
	 * Points logback at this module's configuration unless one was chosen explicitly; a
	 * plain {@code logback.xml} in this jar would take over the logging of every
	 * application that has the module on its class path.
	 */
	private static void useOwnLoggingConfiguration() {
		if (System.getProperty("logback.configurationFile") == null) {
			System.setProperty("logback.configurationFile", "dev/imagepack/local/logback-local-platform.xml");
		}
	}

	private static void stop(LocalPlatform platform, PrintStream out) {
		out.println("local-platform stopping");
		long started = System.nanoTime();
		try {
			platform.close();
			out.println("local-platform stopped cleanly in " + (System.nanoTime() - started) / 1_000_000 + " ms");
		}
		catch (RuntimeException ex) {
			LoggerFactory.getLogger(LocalPlatformApplication.class).error("Stop failed", ex);
			out.println("local-platform stopped with errors");
		}
		out.flush();
	}

	static void printTable(LocalPlatform platform, PrintStream out) {
		List<String[]> rows = new ArrayList<>();
		rows.add(new String[] { "kafka", platform.kafkaBootstrapServers() });
		rows.add(new String[] { "kafka controller", platform.kafkaControllerAddress() });
		for (String store : platform.stores()) {
			rows.add(new String[] { "mongo " + store, platform.mongoUri(store) });
		}
		rows.add(new String[] { "run folder", platform.dataDirectory().toString() });
		rows.add(new String[] { "startup", platform.startupTime().toMillis() + " ms (JVM up "
				+ ManagementFactory.getRuntimeMXBean().getUptime() + " ms)" });
		int width = rows.stream().mapToInt((row) -> row[0].length()).max().orElse(0) + 2;
		StringBuilder table = new StringBuilder(System.lineSeparator());
		table.append("local-platform").append(System.lineSeparator());
		for (String[] row : rows) {
			table.append("  ").append(String.format("%-" + width + "s", row[0])).append(row[1]);
			table.append(System.lineSeparator());
		}
		table.append("ready").append(System.lineSeparator());
		out.print(table);
		out.flush();
	}

}
