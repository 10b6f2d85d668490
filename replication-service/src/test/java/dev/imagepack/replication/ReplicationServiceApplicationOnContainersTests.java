package dev.imagepack.replication;

import org.testcontainers.junit.jupiter.Testcontainers;

import dev.imagepack.testsupport.ContainerIntegrationTest;

/**
 * ReplicationServiceApplicationTests on real Kafka and MongoDB in containers; skipped
 * where no Docker engine answers.
 */
@ContainerIntegrationTest
@Testcontainers(disabledWithoutDocker = true)
class ReplicationServiceApplicationOnContainersTests extends ReplicationServiceApplicationTests {

}
