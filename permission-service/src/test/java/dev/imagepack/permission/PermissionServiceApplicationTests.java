package dev.imagepack.permission;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.imagepack.testsupport.ServiceSmokeChecks;

/**
 * Shared by {@link PermissionServiceApplicationOnEmbeddedPlatformTests}, on the embedded
 * broker and store, and {@link PermissionServiceApplicationOnContainersTests}, on real
 * Kafka and MongoDB in containers.
 */
abstract class PermissionServiceApplicationTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void startsHealthyOnItsOwnDatabaseAndTheBroker() {
		ServiceSmokeChecks.assertHealthyOnOwnDatabase(this.context, "permission-service");
	}

}
