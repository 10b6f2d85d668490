package dev.imagepack.replication.job;

import org.testcontainers.junit.jupiter.Testcontainers;

import dev.imagepack.testsupport.ContainerIntegrationTest;

/**
 * ReplicationTests on real Kafka and MongoDB in containers; skipped where no Docker
 * engine answers.
 */
@ContainerIntegrationTest
@Testcontainers(disabledWithoutDocker = true)
class ReplicationOnContainersTests extends ReplicationTests {

}
