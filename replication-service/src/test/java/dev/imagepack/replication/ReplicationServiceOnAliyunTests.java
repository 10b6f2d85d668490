package dev.imagepack.replication;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

import dev.imagepack.replication.cloud.CloudImages;
import dev.imagepack.replication.cloud.aliyun.AliyunEcsImages;
import dev.imagepack.testsupport.ServiceIntegrationTest;
import dev.imagepack.testsupport.ServiceSmokeChecks;

import static org.assertj.core.api.Assertions.assertThat;

// The endpoint is a closed loopback port: starting calls no cloud, and nothing may leave
// the machine.
@ServiceIntegrationTest
@TestPropertySource(properties = { "imagepack.cloud.provider=aliyun", "imagepack.cloud.aliyun.access-key-id=LTAItest",
		"imagepack.cloud.aliyun.access-key-secret=test-only-secret",
		"imagepack.cloud.aliyun.endpoint=http://127.0.0.1:9" })
class ReplicationServiceOnAliyunTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void startsHealthyWithTheEcsAdapter() {
		assertThat(this.context.getBean(CloudImages.class)).isInstanceOf(AliyunEcsImages.class);
		ServiceSmokeChecks.assertHealthyOnOwnDatabase(this.context, "replication-service");
	}

}
