package dev.imagepack.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Plays the seed's scenario against a running system and exits 0 only if every step ended
 * as expected.
 * <p>
 * Usage: {@code java -jar demo-exec.jar [--port-base 8081] [--template file.yaml]
 * [--timeout-seconds 300]}. The services are expected on four consecutive loopback ports:
 * package, replication, mapping and permission service. The template defaults to the one
 * shipped with the demo, whose {@code ImageId} is {@code centos_7}; another must be a ROS
 * template with exactly one {@code ImageId} whose value is a literal.
 */
public final class DemoApplication {

	private static final String USAGE = "usage: demo [--port-base 8081] [--template file.yaml] [--timeout-seconds 300]";

	private DemoApplication() {
	}

	public static void main(String[] args) {
		System.exit(run(args));
	}

	static int run(String[] args) {
		int portBase = 8081;
		String template = null;
		long timeoutSeconds = 300;
		try {
			for (int i = 0; i < args.length; i++) {
				switch (args[i]) {
					case "--port-base" -> portBase = Integer.parseInt(value(args, ++i));
					case "--template" -> template = readTemplate(value(args, ++i));
					case "--timeout-seconds" -> timeoutSeconds = Long.parseLong(value(args, ++i));
					case "--help", "-h" -> {
						System.out.println(USAGE);
						return 0;
					}
					default -> throw new IllegalArgumentException("unknown option " + args[i]);
				}
			}
			if (template == null) {
				template = shippedTemplate();
			}
		}
		catch (IOException | IllegalArgumentException ex) {
			System.err.println("demo: " + ex.getMessage());
			System.err.println(USAGE);
			return 2;
		}
		return new Scenario(Scenario.Urls.onLoopback(portBase), template, System.out, System.console() != null,
				Duration.ofSeconds(timeoutSeconds))
			.run();
	}

	private static String value(String[] args, int index) {
		if (index >= args.length) {
			throw new IllegalArgumentException(args[index - 1] + " needs a value");
		}
		return args[index];
	}

	private static String readTemplate(String file) {
		try {
			return Files.readString(Path.of(file), StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			throw new IllegalArgumentException("no template file " + file);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot read the template file " + file + ": " + ex.getMessage());
		}
	}

	static String shippedTemplate() throws IOException {
		try (InputStream in = DemoApplication.class.getResourceAsStream("wordpress-ros.yaml")) {
			if (in == null) {
				throw new IOException("the shipped template is missing");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
