package dev.imagepack.mapping;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.imagepack.testsupport.ServiceSmokeChecks;

/**
 * Shared by {@link MappingServiceApplicationOnEmbeddedPlatformTests}, on the embedded
 * broker and store, and {@link MappingServiceApplicationOnContainersTests}, on real Kafka
 * and MongoDB in containers.
 */
abstract class MappingServiceApplicationTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void startsHealthyOnItsOwnDatabaseAndTheBroker() {
		ServiceSmokeChecks.assertHealthyOnOwnDatabase(this.context, "mapping-service");
	}

}
