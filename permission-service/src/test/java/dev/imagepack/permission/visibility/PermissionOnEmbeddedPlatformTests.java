package dev.imagepack.permission.visibility;

import dev.imagepack.testsupport.ServiceIntegrationTest;

/**
 * PermissionTests on the embedded default: a real Kafka broker and an in-process MongoDB
 * server.
 */
@ServiceIntegrationTest
class PermissionOnEmbeddedPlatformTests extends PermissionTests {

}
