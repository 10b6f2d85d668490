package dev.imagepack.local;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the local platform keeps its data and which loopback ports it binds, read from
 * command-line options and environment variables.
 *
 * @param dataDirectory the run folder holding the Kafka log and one H2 file per store
 * @param kafkaPort the port of the Kafka PLAINTEXT listener
 * @param controllerPort the port of the KRaft CONTROLLER listener
 * @param mongoBasePort the port of the first store; store {@code i} listens on
 * {@code mongoBasePort + i}
 * @param stores the names of the MongoDB stores, one server and one file each
 * @param reset whether to delete the run folder before starting
 */
public record LocalPlatformSettings(Path dataDirectory, int kafkaPort, int controllerPort, int mongoBasePort,
		List<String> stores, boolean reset) {

	/** The only address anything is bound to. */
	public static final String HOST = "127.0.0.1";

	/** The run folder used when none is given, relative to the working directory. */
	public static final Path DEFAULT_DATA_DIRECTORY = Path.of(".run", "local-platform");

	/** The Kafka PLAINTEXT port used when none is given. */
	public static final int DEFAULT_KAFKA_PORT = 9092;

	/** The KRaft CONTROLLER port used when none is given. */
	public static final int DEFAULT_CONTROLLER_PORT = 9093;

	/** The port of the first store used when none is given. */
	public static final int DEFAULT_MONGO_BASE_PORT = 27017;

	/** The stores used when none are given, named after the services that own them. */
	public static final List<String> DEFAULT_STORES = List.of("package-service", "replication-service",
			"mapping-service", "permission-service");

	/** How to call the application, listing every option and its environment variable. */
	public static final String USAGE = """
			usage: local-platform [options]
			  --data-dir <path>         run folder (env LOCAL_PLATFORM_DATA_DIR, default .run/local-platform)
			  --kafka-port <port>       Kafka PLAINTEXT port (env LOCAL_PLATFORM_KAFKA_PORT, default 9092)
			  --controller-port <port>  KRaft CONTROLLER port (env LOCAL_PLATFORM_CONTROLLER_PORT, default 9093)
			  --mongo-base-port <port>  port of the first store, the others follow
			                            (env LOCAL_PLATFORM_MONGO_BASE_PORT, default 27017)
			  --stores <a,b,...>        store names (env LOCAL_PLATFORM_STORES, default package-service,
			                            replication-service,mapping-service,permission-service)
			  --reset                   delete the run folder first
			  --help                    print this help
			Options also accept the --option=value form; options win over environment variables.""";

	private static final Pattern STORE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

	private static final Map<String, String> ENVIRONMENT_VARIABLES = Map.of("--data-dir", "LOCAL_PLATFORM_DATA_DIR",
			"--kafka-port", "LOCAL_PLATFORM_KAFKA_PORT", "--controller-port", "LOCAL_PLATFORM_CONTROLLER_PORT",
			"--mongo-base-port", "LOCAL_PLATFORM_MONGO_BASE_PORT", "--stores", "LOCAL_PLATFORM_STORES");

	/**
	 * Checks that the settings are consistent.
	 * @throws InvalidSettingsException if a port is out of range, two components share a
	 * port or a store name is unusable
	 */
	public LocalPlatformSettings {
		stores = List.copyOf(stores);
		requirePort("--kafka-port", kafkaPort);
		requirePort("--controller-port", controllerPort);
		requirePort("--mongo-base-port", mongoBasePort);
		requireStores(stores);
		if (mongoBasePort + stores.size() - 1 > 65535) {
			throw new InvalidSettingsException("--mongo-base-port " + mongoBasePort + " leaves no room for "
					+ stores.size() + " stores up to port 65535");
		}
		if (kafkaPort == controllerPort) {
			throw new InvalidSettingsException("--kafka-port and --controller-port must differ, both are " + kafkaPort);
		}
		requireOutsideMongoPorts("--kafka-port", kafkaPort, mongoBasePort, stores.size());
		requireOutsideMongoPorts("--controller-port", controllerPort, mongoBasePort, stores.size());
	}

	/**
	 * Returns the settings used when nothing is configured.
	 * @return the default settings
	 */
	public static LocalPlatformSettings defaults() {
		return new LocalPlatformSettings(DEFAULT_DATA_DIRECTORY, DEFAULT_KAFKA_PORT, DEFAULT_CONTROLLER_PORT,
				DEFAULT_MONGO_BASE_PORT, DEFAULT_STORES, false);
	}

	/**
	 * Reads settings from command-line arguments, falling back to environment variables
	 * and then to the defaults.
	 * @param args the command-line arguments
	 * @param environment the environment variables, usually {@link System#getenv()}
	 * @return the settings
	 * @throws InvalidSettingsException with a one-line explanation if anything is wrong
	 */
	public static LocalPlatformSettings parse(List<String> args, Map<String, String> environment) {
		Map<String, String> values = new HashMap<>();
		Map<String, String> sources = new HashMap<>();
		ENVIRONMENT_VARIABLES.forEach((option, variable) -> {
			String value = environment.get(variable);
			if (value != null && !value.isBlank()) {
				values.put(option, value.trim());
				sources.put(option, variable);
			}
		});
		boolean reset = false;
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			String option = arg;
			String value = null;
			int equals = arg.indexOf('=');
			if (arg.startsWith("--") && equals > 0) {
				option = arg.substring(0, equals);
				value = arg.substring(equals + 1);
			}
			if (option.equals("--reset")) {
				if (value != null) {
					throw new InvalidSettingsException("--reset takes no value");
				}
				reset = true;
				continue;
			}
			if (!ENVIRONMENT_VARIABLES.containsKey(option)) {
				throw new InvalidSettingsException("unknown option '" + arg + "'");
			}
			if (value == null) {
				if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
					throw new InvalidSettingsException(option + " needs a value");
				}
				value = args.get(++i);
			}
			values.put(option, value);
			sources.put(option, option);
		}
		return new LocalPlatformSettings(path(values, sources),
				port("--kafka-port", values, sources, DEFAULT_KAFKA_PORT),
				port("--controller-port", values, sources, DEFAULT_CONTROLLER_PORT),
				port("--mongo-base-port", values, sources, DEFAULT_MONGO_BASE_PORT), stores(values), reset);
	}

	/**
	 * Returns the port of a store.
	 * @param store the store name
	 * @return the port its server listens on
	 * @throws IllegalArgumentException if there is no such store
	 */
	public int mongoPort(String store) {
		int index = this.stores.indexOf(store);
		if (index < 0) {
			throw new IllegalArgumentException("unknown store '" + store + "', expected one of " + this.stores);
		}
		return this.mongoBasePort + index;
	}

	private static Path path(Map<String, String> values, Map<String, String> sources) {
		String value = values.get("--data-dir");
		if (value == null) {
			return DEFAULT_DATA_DIRECTORY;
		}
		if (value.isBlank()) {
			throw new InvalidSettingsException(sources.get("--data-dir") + " must not be empty");
		}
		try {
			return Path.of(value);
		}
		catch (InvalidPathException ex) {
			throw new InvalidSettingsException(sources.get("--data-dir") + " is not a usable path: '" + value + "'");
		}
	}

	private static int port(String option, Map<String, String> values, Map<String, String> sources, int defaultPort) {
		String value = values.get(option);
		if (value == null) {
			return defaultPort;
		}
		int port;
		try {
			port = Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			port = -1;
		}
		if (port < 1 || port > 65535) {
			throw new InvalidSettingsException(
					sources.get(option) + " must be a port number between 1 and 65535, got '" + value + "'");
		}
		return port;
	}

	private static List<String> stores(Map<String, String> values) {
		String value = values.get("--stores");
		if (value == null) {
			return DEFAULT_STORES;
		}
		List<String> stores = new ArrayList<>();
		for (String store : value.split(",", -1)) {
			stores.add(store.trim());
		}
		return stores;
	}

	private static void requirePort(String option, int port) {
		if (port < 1 || port > 65535) {
			throw new InvalidSettingsException(option + " must be a port number between 1 and 65535, got " + port);
		}
	}

	private static void requireStores(List<String> stores) {
		if (stores.isEmpty()) {
			throw new InvalidSettingsException("--stores must name at least one store");
		}
		Set<String> seen = new HashSet<>();
		for (String store : stores) {
			if (!STORE_NAME.matcher(store).matches()) {
				throw new InvalidSettingsException("--stores: '" + store
						+ "' is not a valid store name (lower-case letters, digits and '-', not starting with '-')");
			}
			if (!seen.add(store)) {
				throw new InvalidSettingsException("--stores names '" + store + "' twice");
			}
		}
	}

	private static void requireOutsideMongoPorts(String option, int port, int mongoBasePort, int storeCount) {
		if (port >= mongoBasePort && port < mongoBasePort + storeCount) {
			throw new InvalidSettingsException(option + " " + port + " collides with the store ports " + mongoBasePort
					+ "-" + (mongoBasePort + storeCount - 1) + " (--mongo-base-port)");
		}
	}

	/**
	 * Thrown when the command line or the environment describes settings that cannot
	 * work; the message is meant for the user as it is.
	 */
	public static final class InvalidSettingsException extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		InvalidSettingsException(String message) {
			super(message);
		}

	}

}
