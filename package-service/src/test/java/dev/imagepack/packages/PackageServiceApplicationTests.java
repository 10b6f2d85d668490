package dev.imagepack.packages;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.imagepack.testsupport.ServiceIntegrationTest;
import dev.imagepack.testsupport.ServiceSmokeChecks;

@ServiceIntegrationTest
class PackageServiceApplicationTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void startsHealthyOnItsOwnDatabaseAndTheBroker() {
		ServiceSmokeChecks.assertHealthyOnOwnDatabase(this.context, "package-service");
	}

}
