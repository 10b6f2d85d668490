package dev.imagepack.replication.cloud.aliyun;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.imagepack.replication.cloud.CloudImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starting the ECS adapter from configuration.
 */
class AliyunConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(AliyunConfiguration.class)
		.withPropertyValues("imagepack.cloud.provider=aliyun");

	@Test
	void startupWithoutAnAccessKeyIdFailsNamingTheProperty() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootCause(context.getStartupFailure()))
				.hasMessageContaining("imagepack.cloud.aliyun.access-key-id is required")
				.hasMessageContaining("IMAGEPACK_CLOUD_ALIYUN_ACCESS_KEY_ID");
		});
	}

	@Test
	void startupWithoutAnAccessKeySecretFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("imagepack.cloud.aliyun.access-key-id=LTAIexample")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()))
				.hasMessageContaining("imagepack.cloud.aliyun.access-key-secret is required"));
	}

	@Test
	void startupWithABlankSecretFailsLikeAMissingOne() {
		this.contextRunner
			.withPropertyValues("imagepack.cloud.aliyun.access-key-id=LTAIexample",
					"imagepack.cloud.aliyun.access-key-secret= ")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()))
				.hasMessageContaining("imagepack.cloud.aliyun.access-key-secret is required"));
	}

	@Test
	void startupWithAnAccessKeyProvidesTheEcsAdapter() {
		this.contextRunner
			.withPropertyValues("imagepack.cloud.aliyun.access-key-id=LTAIexample",
					"imagepack.cloud.aliyun.access-key-secret=example-secret",
					"imagepack.cloud.aliyun.endpoint=http://127.0.0.1:18080", "imagepack.cloud.aliyun.read-timeout=10s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(CloudImages.class).isInstanceOf(AliyunEcsImages.class);
				AliyunProperties properties = context.getBean(AliyunProperties.class);
				assertThat(properties.endpoint()).isEqualTo("127.0.0.1:18080");
				assertThat(properties.protocol()).isEqualTo("http");
				assertThat(properties.readTimeout()).hasSeconds(10);
				assertThat(properties.toString()).doesNotContain("example-secret");
			});
	}

	@Test
	void otherProvidersLeaveTheAdapterOut() {
		new ApplicationContextRunner().withUserConfiguration(AliyunConfiguration.class)
			.withPropertyValues("imagepack.cloud.provider=simulator")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CloudImages.class));
	}

	@Test
	void unknownProtocolFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("imagepack.cloud.aliyun.access-key-id=LTAIexample",
					"imagepack.cloud.aliyun.access-key-secret=example-secret", "imagepack.cloud.aliyun.protocol=ftp")
			.run((context) -> assertThat(rootCause(context.getStartupFailure()))
				.hasMessageContaining("imagepack.cloud.aliyun.protocol must be https or http"));
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

}
