package dev.imagepack.platform.messaging;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

import dev.imagepack.events.kafka.EventDeserializer;
import dev.imagepack.events.kafka.EventSerializer;

/**
 * The Kafka binder defaults every service shares, added with the lowest precedence so
 * that any service or binding can override them.
 * <ul>
 * <li>Events are written and read natively with the single-object Avro serde, never
 * converted by the framework.</li>
 * <li>The event deserializer sits inside an {@link ErrorHandlingDeserializer}: an
 * undecodable record becomes a failure the binder can dead-letter, instead of an
 * exception thrown from {@code poll()} that repeats forever.</li>
 * <li>A failing handler is retried a bounded number of times with backoff; then the
 * record goes to the dead-letter topic {@code error.<destination>.<group>} with the
 * reason in its headers, and the consumer moves on.</li>
 * <li>Topics are created with {@value #PARTITIONS} partitions, and partitions are added
 * to a topic that has fewer, so that each binding's {@value #CONSUMER_THREADS} consumer
 * threads (and more instances of a service) share the packages. A package's events keep
 * their order: the key picks the partition.</li>
 * </ul>
 */
public class MessagingDefaults implements EnvironmentPostProcessor {

	/** Name of the property source that holds the defaults. */
	public static final String PROPERTY_SOURCE_NAME = "imagepackMessagingDefaults";

	private static final String BINDER = "spring.cloud.stream.kafka.binder.";

	static final int PARTITIONS = 4;

	static final int CONSUMER_THREADS = 4;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults()));
	}

	static Map<String, Object> defaults() {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.cloud.stream.default.producer.useNativeEncoding", "true");
		defaults.put("spring.cloud.stream.default.consumer.useNativeDecoding", "true");
		defaults.put("spring.cloud.stream.default.consumer.maxAttempts", "3");
		defaults.put("spring.cloud.stream.default.consumer.backOffInitialInterval", "200");
		defaults.put("spring.cloud.stream.default.consumer.backOffMultiplier", "2.0");
		defaults.put("spring.cloud.stream.default.consumer.backOffMaxInterval", "2000");
		defaults.put(BINDER + "producerProperties[key.serializer]", StringSerializer.class.getName());
		defaults.put(BINDER + "producerProperties[value.serializer]", EventSerializer.class.getName());
		defaults.put(BINDER + "consumerProperties[key.deserializer]", StringDeserializer.class.getName());
		defaults.put(BINDER + "consumerProperties[value.deserializer]", ErrorHandlingDeserializer.class.getName());
		defaults.put(BINDER + "consumerProperties[" + ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS + "]",
				EventDeserializer.class.getName());
		defaults.put("spring.cloud.stream.kafka.default.consumer.enableDlq", "true");
		defaults.put(BINDER + "minPartitionCount", String.valueOf(PARTITIONS));
		defaults.put(BINDER + "autoAddPartitions", "true");
		defaults.put("spring.cloud.stream.default.consumer.concurrency", String.valueOf(CONSUMER_THREADS));
		return defaults;
	}

}
