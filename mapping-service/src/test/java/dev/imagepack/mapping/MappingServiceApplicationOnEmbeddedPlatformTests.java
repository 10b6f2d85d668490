package dev.imagepack.mapping;

import dev.imagepack.testsupport.ServiceIntegrationTest;

/**
 * MappingServiceApplicationTests on the embedded default: a real Kafka broker and an
 * in-process MongoDB server.
 */
@ServiceIntegrationTest
class MappingServiceApplicationOnEmbeddedPlatformTests extends MappingServiceApplicationTests {

}
