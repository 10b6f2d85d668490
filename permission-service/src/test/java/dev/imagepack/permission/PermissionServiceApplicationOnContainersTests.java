package dev.imagepack.permission;

import org.testcontainers.junit.jupiter.Testcontainers;

import dev.imagepack.testsupport.ContainerIntegrationTest;

/**
 * PermissionServiceApplicationTests on real Kafka and MongoDB in containers; skipped
 * where no Docker engine answers.
 */
@ContainerIntegrationTest
@Testcontainers(disabledWithoutDocker = true)
class PermissionServiceApplicationOnContainersTests extends PermissionServiceApplicationTests {

}
