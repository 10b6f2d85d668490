package dev.imagepack.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's files, as the deployment checks read them.
 */
final class Project {

	static final Path ROOT = Path.of(System.getProperty("imagepack.build-root", "..")).toAbsolutePath().normalize();

	static final String VERSION = System.getProperty("imagepack.project-version", "0.1.0-SNAPSHOT");

	static final String JAVA_VERSION = System.getProperty("imagepack.java-version", "17");

	static final String KAFKA_VERSION = System.getProperty("imagepack.kafka-version", "");

	static final List<String> SERVICES = List.of("package-service", "replication-service", "mapping-service",
			"permission-service");

	private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}");

	private Project() {
	}

	static String read(String path) {
		try {
			return Files.readString(ROOT.resolve(path), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The modules the root pom builds.
	 */
	static List<String> modules() {
		List<String> modules = new ArrayList<>();
		Matcher matcher = MODULE.matcher(read("pom.xml"));
		while (matcher.find()) {
			modules.add(matcher.group(1).trim());
		}
		return modules;
	}

	/**
	 * The environment variables a service's configuration reads, with their defaults.
	 * @param service the service module
	 * @return each {@code ${NAME:default}} placeholder of its application.yml
	 */
	static Map<String, String> environmentOf(String service) {
		Map<String, String> variables = new LinkedHashMap<>();
		Matcher matcher = PLACEHOLDER.matcher(read(service + "/src/main/resources/application.yml"));
		while (matcher.find()) {
			variables.put(matcher.group(1), matcher.group(2));
		}
		return variables;
	}

	/**
	 * The jar that {@code ./mvnw package} made of a service, if it was made.
	 */
	static Path jarOf(String service) {
		return ROOT.resolve(service + "/target/" + service + "-" + VERSION + ".jar");
	}

}
