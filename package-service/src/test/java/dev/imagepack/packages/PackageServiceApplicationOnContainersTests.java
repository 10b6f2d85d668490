package dev.imagepack.packages;

import org.testcontainers.junit.jupiter.Testcontainers;

import dev.imagepack.testsupport.ContainerIntegrationTest;

/**
 * PackageServiceApplicationTests on real Kafka and MongoDB in containers; skipped where
 * no Docker engine answers.
 */
@ContainerIntegrationTest
@Testcontainers(disabledWithoutDocker = true)
class PackageServiceApplicationOnContainersTests extends PackageServiceApplicationTests {

}
