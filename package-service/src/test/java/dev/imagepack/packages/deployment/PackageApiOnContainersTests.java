package dev.imagepack.packages.deployment;

import org.testcontainers.junit.jupiter.Testcontainers;

import dev.imagepack.testsupport.ContainerIntegrationTest;

/**
 * PackageApiTests on real Kafka and MongoDB in containers; skipped where no Docker engine
 * answers.
 */
@ContainerIntegrationTest
@Testcontainers(disabledWithoutDocker = true)
class PackageApiOnContainersTests extends PackageApiTests {

}
