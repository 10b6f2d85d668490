package dev.imagepack.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;

/**
 * Moves retries and dead-lettering from the binder into each listener container, so that
 * a record that cannot be decoded and a record whose handler keeps failing both end in
 * {@code error.<destination>.<group>}, with the same {@code kafka_dlt-*} reason headers
 * and the original bytes.
 * <p>
 * The binder alone only dead-letters handler failures: a decoding failure never reaches
 * the binding and would be logged and skipped. Decoding failures are not retried; handler
 * failures are retried with the binding's back-off ({@code maxAttempts}, {@code backOff*}
 * properties) first.
 */
class DeadLetteringContainerCustomizer implements ListenerContainerWithDlqAndRetryCustomizer, DisposableBean {

	/**
	 * Header of a dead letter that says, in one line, why the record could not be
	 * handled.
	 */
	static final String REASON_HEADER = "dead-letter-reason";

	private static final Logger logger = LoggerFactory.getLogger(DeadLetteringContainerCustomizer.class);

	private final Map<String, Object> connection;

	private volatile @Nullable DefaultKafkaProducerFactory<Object, Object> producerFactory;

	/**
	 * Creates the customizer.
	 * @param connection producer settings that reach the binder's brokers: bootstrap
	 * servers and security
	 */
	DeadLetteringContainerCustomizer(Map<String, Object> connection) {
		this.connection = Map.copyOf(connection);
	}

	@Override
	public void configure(AbstractMessageListenerContainer<?, ?> container, String destinationName, String group,
			@Nullable BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> dlqDestinationResolver,
			@Nullable BackOff backOff) {
		if (dlqDestinationResolver == null) {
			logger.atWarn()
				.addKeyValue("destination", destinationName)
				.addKeyValue("group", group)
				.log("Dead-lettering is off for this binding; failed records are logged and skipped");
			container.setCommonErrorHandler(
					(backOff != null) ? new DefaultErrorHandler(backOff) : new DefaultErrorHandler());
			return;
		}
		KafkaTemplate<Object, Object> template = new KafkaTemplate<>(producerFactory());
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
				deadLetterTopic(destinationName, group, dlqDestinationResolver));
		recoverer.setHeadersFunction((record, exception) -> reasonHeader(exception));
		container.setCommonErrorHandler(
				(backOff != null) ? new DefaultErrorHandler(recoverer, backOff) : new DefaultErrorHandler(recoverer));
	}

	/**
	 * The innermost cause says what was wrong with the record; the outer layers only say
	 * where it failed.
	 */
	static Headers reasonHeader(Exception exception) {
		Throwable cause = exception;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String reason = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName();
		RecordHeaders headers = new RecordHeaders();
		headers.add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
		return headers;
	}

	/**
	 * The binder's resolver names a topic only when the binding sets {@code dlqName};
	 * otherwise the binder's default {@code error.<destination>.<group>} applies, and the
	 * partition follows the key unless the binder chose one.
	 */
	private static BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> deadLetterTopic(String destinationName,
			String group, BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> binderResolver) {
		String defaultTopic = "error." + destinationName + "." + group;
		return (record, exception) -> {
			TopicPartition resolved = binderResolver.apply(record, exception);
			if (resolved == null || resolved.topic() == null) {
				return new TopicPartition(defaultTopic, -1);
			}
			return resolved;
		};
	}

	@Override
	public boolean retryAndDlqInBinding(String destinationName, String group) {
		return false;
	}

	private DefaultKafkaProducerFactory<Object, Object> producerFactory() {
		DefaultKafkaProducerFactory<Object, Object> producerFactory = this.producerFactory;
		if (producerFactory == null) {
			Map<String, Object> configuration = new HashMap<>(this.connection);
			configuration.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, EventOrBytesSerializer.class);
			configuration.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventOrBytesSerializer.class);
			configuration.put(ProducerConfig.ACKS_CONFIG, "all");
			producerFactory = new DefaultKafkaProducerFactory<>(configuration);
			this.producerFactory = producerFactory;
		}
		return producerFactory;
	}

	@Override
	public void destroy() {
		DefaultKafkaProducerFactory<Object, Object> producerFactory = this.producerFactory;
		if (producerFactory != null) {
			producerFactory.destroy();
		}
	}

}
