package dev.imagepack.mapping;

import org.testcontainers.junit.jupiter.Testcontainers;

import dev.imagepack.testsupport.ContainerIntegrationTest;

/**
 * MappingServiceApplicationTests on real Kafka and MongoDB in containers; skipped where
 * no Docker engine answers.
 */
@ContainerIntegrationTest
@Testcontainers(disabledWithoutDocker = true)
class MappingServiceApplicationOnContainersTests extends MappingServiceApplicationTests {

}
