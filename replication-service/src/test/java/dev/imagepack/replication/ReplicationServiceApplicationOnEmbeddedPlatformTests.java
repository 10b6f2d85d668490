package dev.imagepack.replication;

import dev.imagepack.testsupport.ServiceIntegrationTest;

/**
 * ReplicationServiceApplicationTests on the embedded default: a real Kafka broker and an
 * in-process MongoDB server.
 */
@ServiceIntegrationTest
class ReplicationServiceApplicationOnEmbeddedPlatformTests extends ReplicationServiceApplicationTests {

}
