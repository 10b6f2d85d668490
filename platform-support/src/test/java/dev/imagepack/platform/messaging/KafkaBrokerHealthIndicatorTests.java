package dev.imagepack.platform.messaging;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerHealthIndicatorTests {

	@Test
	void healthIsDownWhenNoBrokerAnswers() {
		KafkaBrokerHealthIndicator indicator = new KafkaBrokerHealthIndicator(
				Map.of("bootstrap.servers", "127.0.0.1:1"));
		try {
			Health health = indicator.health();

			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		}
		finally {
			indicator.destroy();
		}
	}

}
