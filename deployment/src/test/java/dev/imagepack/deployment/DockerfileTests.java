package dev.imagepack.deployment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.imagepack.deployment.Dockerfile.Instruction;
import dev.imagepack.deployment.Dockerfile.Stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Dockerfile that docker-compose.yml builds each service with, checked against the
 * modules, the jars and the rules a production image follows.
 */
class DockerfileTests {

	private static final String EXTRACTED = "/workspace/extracted/";

	private final Dockerfile dockerfile = Dockerfile.parse(Project.read("Dockerfile"));

	@Test
	void buildsInAJdkStageAndRunsOnAJreOfTheProjectsJava() {
		assertThat(this.dockerfile.stages()).extracting(Stage::name).containsExactly("build", "runtime");
		assertThat(this.dockerfile.stage("build").from()).isEqualTo("eclipse-temurin:" + Project.JAVA_VERSION + "-jdk");
		assertThat(this.dockerfile.last().from()).isEqualTo("eclipse-temurin:" + Project.JAVA_VERSION + "-jre");
	}

	@Test
	void buildStageBuildsTheGivenServiceWithTheReactorAndExtractsTheJarItMade() {
		Stage build = this.dockerfile.stage("build");
		assertThat(build.all("ARG")).extracting(Instruction::arguments).contains("SERVICE");
		String run = build.only("RUN").orElseThrow().arguments();
		assertThat(run).contains("./mvnw -B -q -pl \"${SERVICE}\" -am package -Dmaven.test.skip=true")
			.contains("-jar \"${SERVICE}/target/${SERVICE}-" + Project.VERSION + ".jar\"")
			.contains("extract --layers --launcher --destination " + EXTRACTED.substring(0, EXTRACTED.length() - 1));
		assertThat(Project.ROOT.resolve("mvnw")).isExecutable();
		assertThat(Project.ROOT.resolve(".mvn/wrapper/maven-wrapper.properties")).isRegularFile();
	}

	@Test
	void buildContextLeavesOutBuildOutputRunDataAndLocalTools() {
		List<String> ignored = Project.read(".dockerignore")
			.lines()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		assertThat(ignored).contains(".git", ".run", "**/target", "**/node_modules");
		assertThat(ignored).noneMatch((pattern) -> pattern.startsWith("!") || pattern.contains("src")
				|| pattern.contains("pom.xml") || pattern.contains("mvn"));
	}

	@Test
	void everyCopyFromAStageNamesAnEarlierStage() {
		List<String> earlier = new ArrayList<>();
		for (Stage stage : this.dockerfile.stages()) {
			for (Instruction copy : stage.all("COPY")) {
				copy.option("from").ifPresent((from) -> assertThat(earlier).as(copy.arguments()).contains(from));
			}
			earlier.add(stage.name());
		}
	}

	@Test
	void runtimeStageCopiesTheLayersOfEveryServiceJarInTheirOrder() throws Exception {
		List<String> layers = copiedLayers();
		for (String service : Project.SERVICES) {
			Path jar = Project.jarOf(service);
			assumeTrue(Files.isRegularFile(jar), "Needs the service jars: run ./mvnw verify from the root");
			assertThat(layers).as(service).isEqualTo(layersOf(jar));
			try (ZipFile zip = new ZipFile(jar.toFile())) {
				assertThat(zip.getEntry("org/springframework/boot/loader/launch/JarLauncher.class")).as(service)
					.isNotNull();
			}
		}
		assertThat(this.dockerfile.last().only("ENTRYPOINT").orElseThrow().arguments())
			.isEqualTo("[\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
	}

	@Test
	void layersMergedAsTheRuntimeStageCopiesThemStartTheService(@TempDir Path temp) throws Exception {
		List<String> layers = copiedLayers();
		for (String service : Project.SERVICES) {
			Path jar = Project.jarOf(service);
			assumeTrue(Files.isRegularFile(jar), "Needs the service jars: run ./mvnw verify from the root");
			Path extracted = temp.resolve(service + "-extracted");
			Path app = temp.resolve(service + "-app");
			run(List.of(javaCommand(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--layers", "--launcher",
					"--destination", extracted.toString()));
			for (String layer : layers) {
				mergeInto(extracted.resolve(layer), app);
			}

			Process process = new ProcessBuilder(javaCommand(), "-Xmx128m",
					"org.springframework.boot.loader.launch.JarLauncher")
				.directory(app.toFile())
				.redirectErrorStream(true)
				.start();
			try {
				assertThat(firstLineContaining(process, "\"Starting ")).as(service)
					.contains("v" + Project.VERSION)
					.contains("/BOOT-INF/classes");
			}
			finally {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void runtimeStageRunsAsAnUnprivilegedUserAfterEveryPrivilegedStep() {
		Stage runtime = this.dockerfile.last();
		Instruction user = runtime.only("USER").orElseThrow(() -> new AssertionError("The image would run as root"));
		String uid = user.arguments().split(":")[0];
		assertThat(uid).as("a numeric user ID, so that the runtime can tell it is not root").matches("[0-9]+");
		assertThat(Integer.parseInt(uid)).as("an unprivileged user ID").isGreaterThanOrEqualTo(1000);
		assertThat(user.arguments()).doesNotContain(":0");
		assertThat(runtime.all("RUN")).allMatch((run) -> runtime.indexOf(run) < runtime.indexOf(user));
		assertThat(runtime.indexOf(runtime.only("ENTRYPOINT").orElseThrow())).isGreaterThan(runtime.indexOf(user));
		assertThat(runtime.only("RUN").orElseThrow().arguments()).contains("--uid " + uid + " ")
			.doesNotContain(" -o ")
			.doesNotContain("--non-unique");
	}

	@Test
	void runtimeListensOnThePortItExposesAndChecksItsHealth() {
		Stage runtime = this.dockerfile.last();
		String environment = runtime.only("ENV").orElseThrow().arguments();
		assertThat(environment.split("\\s+")).contains("SERVER_ADDRESS=0.0.0.0", "SERVER_PORT=8080")
			.filteredOn((setting) -> setting.startsWith("SERVER_PORT=") || setting.startsWith("SERVER_ADDRESS="))
			.hasSize(2);
		assertThat(runtime.only("EXPOSE").orElseThrow().arguments()).isEqualTo("8080");
		assertThat(healthcheck()).last()
			.asString()
			.contains("/dev/tcp/127.0.0.1/${SERVER_PORT}")
			.contains("GET /actuator/health HTTP/1.0");
	}

	@Test
	void healthcheckPassesOnlyWhileActuatorHealthIsUp() throws Exception {
		assertThat(runHealthcheck(200, "{\"status\":\"UP\",\"components\":{\"mongo\":{\"status\":\"UP\"}}}")).isZero();
		assertThat(runHealthcheck(503, "{\"status\":\"DOWN\",\"components\":{\"mongo\":{\"status\":\"UP\"}}}"))
			.isNotZero();
		assertThat(runHealthcheck(503, "{\"status\":\"OUT_OF_SERVICE\"}")).isNotZero();
		assertThat(runHealthcheck(404, "{\"status\":404,\"title\":\"Not Found\"}")).isNotZero();
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		assertThat(runHealthcheck(closed)).isNotZero();
	}

	private List<String> copiedLayers() {
		Stage runtime = this.dockerfile.last();
		assertThat(runtime.only("WORKDIR").orElseThrow().arguments()).isEqualTo("/app");
		List<Instruction> copies = runtime.all("COPY")
			.stream()
			.filter((copy) -> copy.option("from").isPresent())
			.toList();
		assertThat(copies)
			.allSatisfy((copy) -> assertThat(copy.operands()).as(copy.arguments()).hasSize(2).last().isEqualTo("./"));
		List<String> copied = copies.stream().map((copy) -> copy.operands().get(0)).toList();
		assertThat(copied).allMatch((source) -> source.startsWith(EXTRACTED) && source.endsWith("/"));
		return copied.stream().map((source) -> source.substring(EXTRACTED.length(), source.length() - 1)).toList();
	}

	/**
	 * Copies a layer over what earlier layers left, as {@code COPY layer/ ./} does; no
	 * file may come from two layers.
	 */
	private static void mergeInto(Path layer, Path app) throws IOException {
		if (!Files.isDirectory(layer)) {
			return;
		}
		try (Stream<Path> files = Files.walk(layer)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Path target = app.resolve(layer.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					assertThat(target).as("a file of two layers").doesNotExist();
					Files.copy(file, target);
				}
			}
		}
	}

	private static String firstLineContaining(Process process, String text) throws IOException {
		BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		List<String> seen = new ArrayList<>();
		for (String line = lines.readLine(); line != null; line = lines.readLine()) {
			if (line.contains(text)) {
				return line;
			}
			seen.add(line);
		}
		throw new AssertionError("The process ended without printing " + text + ":\n" + String.join("\n", seen));
	}

	private static void run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(output).isZero();
	}

	private List<String> healthcheck() {
		String arguments = this.dockerfile.last().only("HEALTHCHECK").orElseThrow().arguments();
		String command = arguments.substring(arguments.indexOf("CMD ") + 4);
		return JsonMapper.builder().build().readValue(command, new TypeReference<List<String>>() {
		});
	}

	private int runHealthcheck(int status, String body) throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			// Only the path the services serve: a check that asks for another one fails.
			boolean health = exchange.getRequestURI().getPath().equals("/actuator/health");
			byte[] bytes = (health ? body : "{}").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/vnd.spring-boot.actuator.v3+json");
			exchange.sendResponseHeaders(health ? status : 404, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		server.start();
		try {
			return runHealthcheck(server.getAddress().getPort());
		}
		finally {
			server.stop(0);
		}
	}

	private int runHealthcheck(int port) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(healthcheck()).redirectErrorStream(true);
		builder.environment().put("SERVER_PORT", String.valueOf(port));
		Process process = builder.start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the healthcheck ends within its timeout").isTrue();
		return process.exitValue();
	}

	private static List<String> layersOf(Path jar) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(javaCommand(), "-Djarmode=tools", "-jar", jar.toString(), "list-layers")
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(output).isZero();
		return output.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

	private static String javaCommand() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
