package dev.imagepack.packages.deployment;

import dev.imagepack.testsupport.ServiceIntegrationTest;

/**
 * PackageApiTests on the embedded default: a real Kafka broker and an in-process MongoDB
 * server.
 */
@ServiceIntegrationTest
class PackageApiOnEmbeddedPlatformTests extends PackageApiTests {

}
