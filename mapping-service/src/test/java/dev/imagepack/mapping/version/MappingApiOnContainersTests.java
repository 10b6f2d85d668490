package dev.imagepack.mapping.version;

import org.testcontainers.junit.jupiter.Testcontainers;

import dev.imagepack.testsupport.ContainerIntegrationTest;

/**
 * MappingApiTests on real Kafka and MongoDB in containers; skipped where no Docker engine
 * answers.
 */
@ContainerIntegrationTest
@Testcontainers(disabledWithoutDocker = true)
class MappingApiOnContainersTests extends MappingApiTests {

}
