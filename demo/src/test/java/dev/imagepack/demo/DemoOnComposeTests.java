package dev.imagepack.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The demo's scenario against the production-like deployment: {@code docker-compose.yml}
 * as it is, with the four services built into images by the {@code Dockerfile}, real
 * Kafka and real MongoDB. Skipped where no Docker engine answers.
 * <p>
 * The file publishes the services on 127.0.0.1:8081 to 8084, as the embedded default
 * does, so it needs a local Docker engine and those ports (and 9092 and 27017) free while
 * it runs. The scenario's development switches are set here, whatever a {@code .env} file
 * says, and the images it built are removed afterwards.
 */
@Testcontainers(disabledWithoutDocker = true)
class DemoOnComposeTests {

	private static final Path ROOT = Path.of(System.getProperty("imagepack.build-root", "..")).toAbsolutePath();

	private static final List<String> SERVICES = List.of("package-service", "replication-service", "mapping-service",
			"permission-service");

	@Container
	private static final ComposeContainer deployment = deployment();

	@Test
	void theSeedsScenarioEndsAsExpectedOnTheComposeDeployment() throws Exception {
		ScenarioChecks.playsAsExpected(Scenario.Urls.onLoopback(8081));
	}

	private static ComposeContainer deployment() {
		ComposeContainer compose = new ComposeContainer(ROOT.resolve("docker-compose.yml").toFile()).withBuild(true)
			.withEnv(Map.of("IMAGEPACK_IDENTITY_DEV_TOKENS", "true", "CLOUD_SIMULATOR_DEV_ENDPOINT", "true",
					"IMAGEPACK_CATALOGUE_DEV_ENDPOINT", "true", "CLOUD_PROVIDER", "simulator"))
			.withRemoveVolumes(true)
			.withRemoveImages(ComposeContainer.RemoveImages.LOCAL)
			.withStartupTimeout(Duration.ofMinutes(15));
		for (String service : SERVICES) {
			compose = compose.waitingFor(service, Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(15)));
		}
		return compose;
	}

}
