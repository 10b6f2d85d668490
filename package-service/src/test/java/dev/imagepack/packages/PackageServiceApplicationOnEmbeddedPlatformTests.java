package dev.imagepack.packages;

import dev.imagepack.testsupport.ServiceIntegrationTest;

/**
 * PackageServiceApplicationTests on the embedded default: a real Kafka broker and an
 * in-process MongoDB server.
 */
@ServiceIntegrationTest
class PackageServiceApplicationOnEmbeddedPlatformTests extends PackageServiceApplicationTests {

}
