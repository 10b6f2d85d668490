package dev.imagepack.packages;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.imagepack.testsupport.ServiceSmokeChecks;

/**
 * Shared by {@link PackageServiceApplicationOnEmbeddedPlatformTests}, on the embedded
 * broker and store, and {@link PackageServiceApplicationOnContainersTests}, on real Kafka
 * and MongoDB in containers.
 */
abstract class PackageServiceApplicationTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void startsHealthyOnItsOwnDatabaseAndTheBroker() {
		ServiceSmokeChecks.assertHealthyOnOwnDatabase(this.context, "package-service");
	}

}
