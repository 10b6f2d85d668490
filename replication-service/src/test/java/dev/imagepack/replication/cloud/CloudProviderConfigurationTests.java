package dev.imagepack.replication.cloud;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which cloud providers the service starts with.
 */
class CloudProviderConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(CloudProviderConfiguration.class);

	@Test
	void simulatorIsAcceptedByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aliyunIsAccepted() {
		this.contextRunner.withPropertyValues("imagepack.cloud.provider=aliyun")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void unknownProviderStopsStartupWithTheReason() {
		this.contextRunner.withPropertyValues("imagepack.cloud.provider=alibaba").run((context) -> {
			assertThat(context).hasFailed();
			Throwable cause = context.getStartupFailure();
			while (cause.getCause() != null) {
				cause = cause.getCause();
			}
			assertThat(cause).hasMessageContaining("imagepack.cloud.provider=alibaba has no adapter")
				.hasMessageContaining("simulator or aliyun");
		});
	}

}
