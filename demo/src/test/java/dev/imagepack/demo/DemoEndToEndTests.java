package dev.imagepack.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo's scenario against the whole system run as a deployment runs it: the local
 * platform and the four services as processes of their own, from the jars the build just
 * made, each with a 256 MB heap.
 */
class DemoEndToEndTests {

	private static final List<String> SERVICES = List.of("package-service", "replication-service", "mapping-service",
			"permission-service");

	private static final Path ROOT = Path.of(System.getProperty("imagepack.build-root", "..")).toAbsolutePath();

	private final List<Process> processes = new ArrayList<>();

	@TempDir
	Path temp;

	@AfterEach
	void stopEverything() throws InterruptedException {
		for (int i = this.processes.size() - 1; i >= 0; i--) {
			Process process = this.processes.get(i);
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void theSeedsScenarioEndsAsExpectedOnTheWholeSystem() throws Exception {
		Path platformJar = ROOT.resolve("local-platform/target/local-platform-0.1.0-SNAPSHOT-exec.jar");
		List<Path> serviceJars = SERVICES.stream()
			.map((service) -> ROOT.resolve(service + "/target/" + service + "-0.1.0-SNAPSHOT.jar"))
			.toList();
		assumeTrue(Files.exists(platformJar) && serviceJars.stream().allMatch(Files::exists),
				"Needs the jars of the local platform and the four services; run ./mvnw verify from the root");
		// One range for all, so that no two of them can be given the same port.
		int kafkaPort = freePorts(2 + 2 * SERVICES.size());
		int controllerPort = kafkaPort + 1;
		int mongoBase = kafkaPort + 2;
		int servicePortBase = mongoBase + SERVICES.size();
		List<String> platformOutput = start("local-platform",
				List.of("java", "-Xmx512m", "-jar", platformJar.toString(), "--data-dir",
						this.temp.resolve("platform").toString(), "--kafka-port", String.valueOf(kafkaPort),
						"--controller-port", String.valueOf(controllerPort), "--mongo-base-port",
						String.valueOf(mongoBase)),
				Map.of());
		awaitLine(platformOutput, "ready", Duration.ofMinutes(2));
		String kafka = "127.0.0.1:" + kafkaPort;
		for (int i = 0; i < SERVICES.size(); i++) {
			String service = SERVICES.get(i);
			start(service, List.of("java", "-Xmx256m", "-jar", serviceJars.get(i).toString()),
					Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka, "MONGODB_URI",
							"mongodb://127.0.0.1:" + (mongoBase + i) + "/" + service, "SERVER_PORT",
							String.valueOf(servicePortBase + i)));
		}
		for (int i = 0; i < SERVICES.size(); i++) {
			awaitHealthy(SERVICES.get(i), servicePortBase + i, Duration.ofMinutes(3));
		}
		ScenarioChecks.playsAsExpected(Scenario.Urls.onLoopback(servicePortBase));
		ScenarioChecks.playsWithTheTemplatesItIsGiven(Scenario.Urls.onLoopback(servicePortBase));
		ScenarioChecks.reportsAFailureItDidNotProvoke(Scenario.Urls.onLoopback(servicePortBase));
	}

	private List<String> start(String name, List<String> command, Map<String, String> environment) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		builder.directory(this.temp.toFile());
		Process process = builder.start();
		this.processes.add(process);
		List<String> lines = new CopyOnWriteArrayList<>();
		Path log = this.temp.resolve(name + ".log");
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					lines.add(line);
					Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
							StandardOpenOption.APPEND);
				}
			}
			catch (IOException ex) {
				// The process ended.
			}
		}, name + "-output");
		reader.setDaemon(true);
		reader.start();
		return lines;
	}

	private static void awaitLine(List<String> lines, String expected, Duration timeout) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (!lines.contains(expected)) {
			assertThat(Instant.now()).as("waiting for '%s' in %s", expected, lines).isBefore(deadline);
			Thread.sleep(200);
		}
	}

	private void awaitHealthy(String service, int port, Duration timeout) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		Instant deadline = Instant.now().plus(timeout);
		while (true) {
			try {
				// Actuator answers 200 only while the service and every component are UP.
				int status = http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
							BodyHandlers.discarding())
					.statusCode();
				if (status == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			if (Instant.now().isAfter(deadline)) {
				Path log = this.temp.resolve(service + ".log");
				String tail = Files.exists(log) ? Files.readString(log) : "";
				throw new AssertionError(service + " did not become healthy; its output:\n"
						+ tail.substring(Math.max(0, tail.length() - 4000)));
			}
			Thread.sleep(500);
		}
	}

	/**
	 * Consecutive ports that are free, taken below the range the kernel hands out to
	 * outgoing connections: a port from that range that is free now can be taken by some
	 * client's connection in the minutes five processes may need to start on a busy
	 * machine.
	 */
	private static int freePorts(int count) throws IOException {
		int lowest = 10000;
		int limit = ephemeralRangeStart() - count;
		Random random = new Random();
		for (int attempt = 0; attempt < 100 && limit > lowest; attempt++) {
			int base = lowest + random.nextInt(limit - lowest);
			if (allFree(base, count)) {
				return base;
			}
		}
		throw new IOException("no " + count + " consecutive free ports between " + lowest + " and " + (limit + count));
	}

	private static boolean allFree(int base, int count) {
		for (int port = base; port < base + count; port++) {
			try (ServerSocket socket = new ServerSocket(port)) {
				socket.setReuseAddress(true);
			}
			catch (IOException ex) {
				return false;
			}
		}
		return true;
	}

	private static int ephemeralRangeStart() {
		try {
			// Read by lines: Files.readString reads a sysctl file short.
			String range = String.join(" ", Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")));
			return Integer.parseInt(range.trim().split("\\s+")[0]);
		}
		catch (IOException | RuntimeException ex) {
			// Linux's default.
			return 32768;
		}
	}

}
