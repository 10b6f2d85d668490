package dev.imagepack.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.stream.binder.kafka.ListenerContainerWithDlqAndRetryCustomizer;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.util.backoff.BackOff;

/**
 * Moves retries and dead-lettering from the binder into each listener container, so that
 * a record that cannot be decoded and a record whose handler keeps failing both end in
 * {@code error.<destination>.<group>}, with the original value, a
 * {@code dead-letter-reason} header and Spring Kafka's {@code kafka_dlt-*} coordinates.
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

	/** Header of a marker written in place of a dead letter that Kafka refused. */
	static final String MARKER_HEADER = "dead-letter-marker";

	static final String ORIGINAL_TOPIC_HEADER = "dead-letter-original-topic";

	static final String ORIGINAL_PARTITION_HEADER = "dead-letter-original-partition";

	static final String ORIGINAL_OFFSET_HEADER = "dead-letter-original-offset";

	static final int MAX_REASON_LENGTH = 500;

	private static final Duration MARKER_TIMEOUT = Duration.ofSeconds(10);

	private static final Logger logger = LoggerFactory.getLogger(DeadLetteringContainerCustomizer.class);

	private static final LogAccessor LOG_ACCESSOR = new LogAccessor(DeadLetteringContainerCustomizer.class);

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
		BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> topic = deadLetterTopic(destinationName, group,
				dlqDestinationResolver);
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template, topic);
		publisher.setHeadersFunction((record, exception) -> reasonHeader(decodingFailureOr(record, exception)));
		// A stack trace, and a message that may echo the record, can push a dead letter
		// of a large record over the size Kafka accepts; the bounded reason header says
		// what went wrong instead.
		publisher.excludeHeader(HeadersToAdd.EX_STACKTRACE, HeadersToAdd.EX_MSG);
		ConsumerRecordRecoverer recoverer = (record, exception) -> {
			try {
				publisher.accept(record, exception);
			}
			catch (RuntimeException publishFailure) {
				publishMarker(template, topic.apply(record, exception), record, exception, publishFailure);
			}
		};
		container.setCommonErrorHandler(
				(backOff != null) ? new DefaultErrorHandler(recoverer, backOff) : new DefaultErrorHandler(recoverer));
	}

	/**
	 * When Kafka refuses the dead letter itself (too large, or the topic is unusable), a
	 * small marker naming the record's coordinates takes its place, so that the consumer
	 * can move on instead of retrying forever; the record stays readable at those
	 * coordinates until retention removes it.
	 */
	private static void publishMarker(KafkaTemplate<Object, Object> template, TopicPartition topic,
			ConsumerRecord<?, ?> record, Exception exception, RuntimeException publishFailure) {
		logger.atError()
			.addKeyValue("topic", record.topic())
			.addKeyValue("partition", record.partition())
			.addKeyValue("offset", record.offset())
			.setCause(publishFailure)
			.log("Dead letter refused by Kafka; writing a marker with the record's coordinates instead");
		Headers headers = reasonHeader(decodingFailureOr(record, exception));
		headers.add(MARKER_HEADER, "true".getBytes(StandardCharsets.UTF_8));
		headers.add(ORIGINAL_TOPIC_HEADER, record.topic().getBytes(StandardCharsets.UTF_8));
		headers.add(ORIGINAL_PARTITION_HEADER, String.valueOf(record.partition()).getBytes(StandardCharsets.UTF_8));
		headers.add(ORIGINAL_OFFSET_HEADER, String.valueOf(record.offset()).getBytes(StandardCharsets.UTF_8));
		Integer partition = (topic.partition() >= 0) ? topic.partition() : null;
		try {
			template.send(new ProducerRecord<>(topic.topic(), partition, record.key(), null, headers))
				.get(MARKER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception markerFailure) {
			if (markerFailure instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.atError()
				.addKeyValue("topic", record.topic())
				.addKeyValue("partition", record.partition())
				.addKeyValue("offset", record.offset())
				.setCause(markerFailure)
				.log("No dead letter could be written; the record is skipped and stays at its offset");
		}
	}

	/**
	 * A record that could not be decoded carries the decoding failure in its headers. A
	 * record listener gets that failure as the exception; a batch listener only sees that
	 * the value is missing, so the failure is read from the record.
	 */
	private static Exception decodingFailureOr(ConsumerRecord<?, ?> record, Exception exception) {
		DeserializationException decoding = SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
		return (decoding != null) ? decoding : exception;
	}

	/**
	 * The reason is the message of the first cause that is not one of the framework's
	 * wrappers: it says what was wrong with the record, where the wrappers only say where
	 * it failed and a deeper cause often lacks context. It is one line of at most
	 * {@value #MAX_REASON_LENGTH} characters, since it may quote the record.
	 */
	static Headers reasonHeader(Exception exception) {
		Throwable chosen = exception;
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			chosen = cause;
			if (!cause.getClass().getName().startsWith("org.springframework.") && cause.getMessage() != null) {
				break;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		String reason = (chosen.getMessage() != null) ? chosen.getMessage() : chosen.getClass().getName();
		reason = reason.replaceAll("\\p{Cntrl}", " ");
		if (reason.length() > MAX_REASON_LENGTH) {
			reason = reason.substring(0, MAX_REASON_LENGTH - 1) + "\u2026";
		}
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
