package dev.imagepack.platform.messaging;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Registers the shared dead-lettering for every Kafka binding of a service, and a health
 * check of its brokers.
 */
@AutoConfiguration
@ConditionalOnClass(ListenerContainerWithDlqAndRetryCustomizer.class)
public class MessagingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ListenerContainerWithDlqAndRetryCustomizer.class)
	ListenerContainerWithDlqAndRetryCustomizer deadLetteringContainerCustomizer(Environment environment) {
		return new DeadLetteringContainerCustomizer(binderConnection(environment));
	}

	@Bean
	@ConditionalOnClass(AbstractHealthIndicator.class)
	@ConditionalOnMissingBean(name = "kafkaBrokerHealthIndicator")
	KafkaBrokerHealthIndicator kafkaBrokerHealthIndicator(Environment environment) {
		return new KafkaBrokerHealthIndicator(binderConnection(environment));
	}

	/**
	 * The settings the binder's own clients connect with: its brokers, falling back as
	 * the binder does, and any security settings of its {@code configuration} map.
	 */
	private static Map<String, Object> binderConnection(Environment environment) {
		Map<String, Object> connection = new HashMap<>();
		Binder.get(environment)
			.bind("spring.cloud.stream.kafka.binder.configuration", Bindable.mapOf(String.class, String.class))
			.orElse(Map.of())
			.forEach((key, value) -> {
				if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
					connection.put(key, value);
				}
			});
		String brokers = environment.getProperty("spring.cloud.stream.kafka.binder.brokers",
				environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092"));
		connection.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
		return connection;
	}

}
