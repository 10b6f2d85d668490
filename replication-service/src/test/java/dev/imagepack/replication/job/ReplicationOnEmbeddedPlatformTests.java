package dev.imagepack.replication.job;

import dev.imagepack.testsupport.ServiceIntegrationTest;

/**
 * ReplicationTests on the embedded default: a real Kafka broker and an in-process MongoDB
 * server.
 */
@ServiceIntegrationTest
class ReplicationOnEmbeddedPlatformTests extends ReplicationTests {

}
