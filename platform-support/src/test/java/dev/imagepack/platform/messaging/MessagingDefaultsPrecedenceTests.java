package dev.imagepack.platform.messaging;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class MessagingDefaultsPrecedenceTests {

	@Test
	void aServiceSettingWinsOverTheSharedDefault() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("spring.cloud.stream.default.consumer.maxAttempts", "5")));

		new MessagingDefaults().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("spring.cloud.stream.default.consumer.maxAttempts")).isEqualTo("5");
		assertThat(environment.getProperty("spring.cloud.stream.kafka.default.consumer.enableDlq")).isEqualTo("true");
	}

}
