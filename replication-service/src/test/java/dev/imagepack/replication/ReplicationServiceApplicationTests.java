package dev.imagepack.replication;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.imagepack.testsupport.ServiceIntegrationTest;
import dev.imagepack.testsupport.ServiceSmokeChecks;

@ServiceIntegrationTest
class ReplicationServiceApplicationTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void startsHealthyOnItsOwnDatabaseAndTheBroker() {
		ServiceSmokeChecks.assertHealthyOnOwnDatabase(this.context, "replication-service");
	}

}
