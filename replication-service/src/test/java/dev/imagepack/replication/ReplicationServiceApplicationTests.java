package dev.imagepack.replication;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.imagepack.testsupport.ServiceSmokeChecks;

/**
 * Shared by {@link ReplicationServiceApplicationOnEmbeddedPlatformTests}, on the embedded
 * broker and store, and {@link ReplicationServiceApplicationOnContainersTests}, on real
 * Kafka and MongoDB in containers.
 */
abstract class ReplicationServiceApplicationTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void startsHealthyOnItsOwnDatabaseAndTheBroker() {
		ServiceSmokeChecks.assertHealthyOnOwnDatabase(this.context, "replication-service");
	}

}
