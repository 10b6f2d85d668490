package dev.imagepack.deployment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.yaml.snakeyaml.Yaml;

import dev.imagepack.testsupport.ContainerImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml checked against the modules and their configuration: what the schema
 * cannot know.
 */
class ComposeFileTests {

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::?[-?]([^}]*))?}");

	private static final Pattern DOCUMENTED = Pattern.compile("\\| `([A-Z][A-Z0-9_]*)` \\|");

	private static final Pattern SENSITIVE = Pattern.compile(".*(SECRET|PASSWORD|CREDENTIAL|PRIVATE|ACCESS_KEY).*");

	private final Map<String, Object> compose = new Yaml().load(Project.read("docker-compose.yml"));

	@Test
	void runsTheBrokerAndTheStoreFromTheImagesTheContainerSuitesUse() {
		assertThat(service("kafka")).containsEntry("image", ContainerImages.KAFKA);
		assertThat(service("mongo")).containsEntry("image", ContainerImages.MONGO);
		assertThat(ContainerImages.KAFKA).isEqualTo("apache/kafka:" + Project.KAFKA_VERSION);
		for (String name : List.of("kafka", "mongo")) {
			Map<String, Object> healthcheck = map(service(name).get("healthcheck"));
			assertThat(healthcheck).as(name).containsKey("test").doesNotContainKey("disable");
			assertThat(list(healthcheck.get("test"))).as(name).isNotEmpty().first().isNotEqualTo("NONE");
		}
		assertThat(environment("kafka")).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
		assertThat(environment("mongo")).isEmpty();
	}

	@Test
	void givesKafkaOnlySettingsTheBrokerHas() {
		Set<String> brokerConfigs = AbstractKafkaConfig.CONFIG_DEF.names();
		for (String variable : environment("kafka").keySet()) {
			if (variable.equals("CLUSTER_ID") || variable.equals("KAFKA_HEAP_OPTS")) {
				continue;
			}
			// The image turns KAFKA_A_B into a.b, and a double underscore into one.
			assertThat(variable).startsWith("KAFKA_");
			String config = Arrays
				.stream(variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).split("__", -1))
				.map((part) -> part.replace('_', '.'))
				.collect(Collectors.joining("_"));
			assertThat(brokerConfigs).as("%s is the broker setting %s", variable, config).contains(config);
		}
	}

	@Test
	void keepsEveryServiceOnTheComposeNetwork() {
		for (Map.Entry<String, Object> entry : services().entrySet()) {
			assertThat(map(entry.getValue())).as(entry.getKey())
				.doesNotContainKeys("network_mode", "networks", "privileged", "cap_add", "pid", "ipc");
		}
	}

	@Test
	void buildsEachServiceModuleWithTheDockerfile() {
		assertThat(Project.modules()).containsAll(Project.SERVICES);
		for (String name : Project.SERVICES) {
			Map<String, Object> build = map(service(name).get("build"));
			assertThat(build).as(name).containsEntry("context", ".").doesNotContainKey("dockerfile");
			assertThat(map(build.get("args"))).as(name).isEqualTo(Map.of("SERVICE", name));
			assertThat(service(name)).as(name).doesNotContainKey("image");
		}
		assertThat(Project.ROOT.resolve("Dockerfile")).isRegularFile();
	}

	@Test
	void startsEachServiceOnlyOnceTheBrokerAndTheStoreAreHealthy() {
		for (String name : Project.SERVICES) {
			Map<String, Object> dependsOn = map(service(name).get("depends_on"));
			assertThat(dependsOn).as(name).containsOnlyKeys("kafka", "mongo");
			dependsOn.values()
				.forEach((condition) -> assertThat(map(condition)).as(name)
					.containsEntry("condition", "service_healthy"));
		}
	}

	@Test
	void givesEachServiceItsOwnDatabaseAndTheInternalListener() {
		for (String name : Project.SERVICES) {
			assertThat(environment(name)).as(name)
				.containsEntry("MONGODB_URI", "mongodb://mongo:27017/" + name)
				.containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
		}
		assertThat(String.valueOf(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS")))
			.contains("INTERNAL://kafka:9092");
	}

	@Test
	void passesEachServiceOnlyVariablesItReads() {
		for (String name : Project.SERVICES) {
			Set<String> reads = new HashSet<>(Project.environmentOf(name).keySet());
			reads.addAll(documentedVariables(name));
			assertThat(environment(name).keySet()).as(name).isSubsetOf(reads);
		}
	}

	@Test
	void passesOnEveryVariableTheReferenceDocumentsForAService() {
		for (String name : Project.SERVICES) {
			Set<String> documented = new HashSet<>(documentedVariables(name));
			// The image sets these two; the file maps its ports instead.
			documented.removeAll(Set.of("SERVER_PORT", "SERVER_ADDRESS"));
			assertThat(environment(name).keySet()).as(name).containsAll(documented);
		}
	}

	@Test
	void publishesEveryPortOnLoopbackAtTheEmbeddedDefaultsAddresses() {
		for (Map.Entry<String, Object> entry : services().entrySet()) {
			for (Object port : list(map(entry.getValue()).get("ports"))) {
				assertThat(port).as(entry.getKey()).isInstanceOf(String.class);
				assertThat((String) port).as(entry.getKey()).startsWith("127.0.0.1:");
			}
		}
		for (String name : Project.SERVICES) {
			String defaultPort = Project.environmentOf(name).get("SERVER_PORT");
			assertThat(list(service(name).get("ports"))).as(name).containsExactly("127.0.0.1:" + defaultPort + ":8080");
		}
		assertThat(list(service("kafka").get("ports"))).containsExactly("127.0.0.1:9092:19092");
		assertThat(String.valueOf(environment("kafka").get("KAFKA_ADVERTISED_LISTENERS")))
			.contains("EXTERNAL://127.0.0.1:9092");
	}

	@Test
	void keepsDataInNamedVolumesOnly() {
		Map<String, Object> declared = map(this.compose.get("volumes"));
		List<String> used = new ArrayList<>();
		for (Map.Entry<String, Object> entry : services().entrySet()) {
			for (Object volume : list(map(entry.getValue()).get("volumes"))) {
				String source = String.valueOf(volume).split(":")[0];
				assertThat(source).as("%s mounts a host path", entry.getKey())
					.doesNotStartWith(".")
					.doesNotStartWith("/");
				used.add(source);
			}
		}
		assertThat(declared).containsOnlyKeys(used);
	}

	@Test
	void takesEverySecretFromTheEnvironmentWithLocalOnlyDefaults() {
		for (Map.Entry<String, Object> entry : services().entrySet()) {
			environment(entry.getKey()).forEach((variable, value) -> {
				// A variable without a value is passed on from where compose runs, or not
				// at all.
				if (value == null) {
					return;
				}
				String text = String.valueOf(value);
				if (SENSITIVE.matcher(variable).matches()) {
					Matcher reference = VARIABLE.matcher(text);
					assertThat(reference.matches()).as("%s of %s comes from the environment", variable, entry.getKey())
						.isTrue();
					assertThat(reference.group(1)).as("%s comes from the variable of its own name", variable)
						.isEqualTo(variable);
					String fallback = reference.group(2);
					assertThat(fallback == null || fallback.startsWith("local-development-only-"))
						.as("%s's default is for local use only", variable)
						.isTrue();
				}
				else {
					assertThat(text).as("%s of %s holds no literal secret", variable, entry.getKey())
						.doesNotContainIgnoringCase("secret")
						.doesNotContainIgnoringCase("password")
						.doesNotContainIgnoringCase("credential");
				}
			});
		}
	}

	@Test
	void readmeDocumentsEveryVariableTheServicesRead() {
		String readme = Project.read("README.md");
		int reference = readme.indexOf("## Configuration reference");
		assertThat(reference).as("README has a configuration reference").isNotNegative();
		String section = readme.substring(reference);
		for (String name : Project.SERVICES) {
			assertThat(Project.environmentOf(name).keySet()).as(name)
				.allMatch((variable) -> section.contains("`" + variable + "`"));
		}
	}

	/**
	 * The variables README's configuration reference lists for a service: those under
	 * "Every service" and those under its own name.
	 */
	private static List<String> documentedVariables(String service) {
		String readme = Project.read("README.md");
		String section = readme.substring(readme.indexOf("## Configuration reference"), readme.indexOf("## Tests"));
		List<String> variables = new ArrayList<>();
		boolean applies = false;
		for (String line : section.lines().toList()) {
			if (line.equals("Every service:") || line.endsWith(", in addition:")) {
				applies = line.equals("Every service:") || line.startsWith(service + ",");
			}
			Matcher row = DOCUMENTED.matcher(line);
			if (applies && row.lookingAt()) {
				variables.add(row.group(1));
			}
		}
		assertThat(variables).as("variables documented for " + service).isNotEmpty();
		return variables;
	}

	private Map<String, Object> services() {
		return map(this.compose.get("services"));
	}

	private Map<String, Object> service(String name) {
		Object service = services().get(name);
		assertThat(service).as("service " + name).isNotNull();
		return map(service);
	}

	private Map<String, Object> environment(String name) {
		Object declared = service(name).get("environment");
		Map<String, Object> environment = new LinkedHashMap<>((declared != null) ? map(declared) : Map.of());
		environment.remove("<<");
		return environment;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		return (value != null) ? (List<Object>) value : List.of();
	}

}
