package dev.imagepack.permission.visibility;

import org.testcontainers.junit.jupiter.Testcontainers;

import dev.imagepack.testsupport.ContainerIntegrationTest;

/**
 * PermissionTests on real Kafka and MongoDB in containers; skipped where no Docker engine
 * answers.
 */
@ContainerIntegrationTest
@Testcontainers(disabledWithoutDocker = true)
class PermissionOnContainersTests extends PermissionTests {

}
