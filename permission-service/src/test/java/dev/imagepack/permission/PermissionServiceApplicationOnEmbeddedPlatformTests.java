package dev.imagepack.permission;

import dev.imagepack.testsupport.ServiceIntegrationTest;

/**
 * PermissionServiceApplicationTests on the embedded default: a real Kafka broker and an
 * in-process MongoDB server.
 */
@ServiceIntegrationTest
class PermissionServiceApplicationOnEmbeddedPlatformTests extends PermissionServiceApplicationTests {

}
