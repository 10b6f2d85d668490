package dev.imagepack.bench.pipeline;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The baseline of the pipeline: one record at a time, produced and consumed again with
 * plain Kafka clients at their defaults, on a fresh topic of the same broker.
 */
final class KafkaRoundTrip {

	private static final int WARM_UP = 30;

	private KafkaRoundTrip() {
	}

	/**
	 * Measures round trips.
	 * @param bootstrap the broker
	 * @param count how many to measure
	 * @return each round trip in milliseconds, sorted
	 */
	static double[] measure(String bootstrap, int count) throws Exception {
		String topic = "bench-round-trip-" + System.currentTimeMillis();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
		}
		Properties producerConfig = new Properties();
		producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
		producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
		Properties consumerConfig = new Properties();
		consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
		consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
		double[] millis = new double[count];
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig);
				KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
			TopicPartition partition = new TopicPartition(topic, 0);
			consumer.assign(List.of(partition));
			consumer.seekToBeginning(List.of(partition));
			consumer.poll(Duration.ofMillis(100));
			byte[] value = new byte[300];
			for (int i = -WARM_UP; i < count; i++) {
				byte[] key = Integer.toString(i).getBytes();
				long started = System.nanoTime();
				producer.send(new ProducerRecord<>(topic, key, value));
				boolean received = false;
				while (!received) {
					for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
						received |= Arrays.equals(record.key(), key);
					}
				}
				if (i >= 0) {
					millis[i] = (System.nanoTime() - started) / 1e6;
				}
			}
		}
		Arrays.sort(millis);
		return millis;
	}

}
