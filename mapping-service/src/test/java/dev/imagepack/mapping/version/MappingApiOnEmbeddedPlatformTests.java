package dev.imagepack.mapping.version;

import dev.imagepack.testsupport.ServiceIntegrationTest;

/**
 * MappingApiTests on the embedded default: a real Kafka broker and an in-process MongoDB
 * server.
 */
@ServiceIntegrationTest
class MappingApiOnEmbeddedPlatformTests extends MappingApiTests {

}
