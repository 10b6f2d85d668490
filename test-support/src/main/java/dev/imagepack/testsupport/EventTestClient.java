package dev.imagepack.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.imagepack.events.catalog.EventCatalog;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.events.kafka.EventDeserializer;
import dev.imagepack.events.kafka.EventSerializer;

import static org.awaitility.Awaitility.await;

/**
 * Plays the other services in a test: publishes catalogue events with CloudEvents
 * headers, as a plain Kafka client, and reads what the service under test published.
 */
public final class EventTestClient implements AutoCloseable {

	private final String bootstrapServers;

	private final KafkaProducer<String, SpecificRecord> producer;

	public EventTestClient(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
		Map<String, Object> properties = new HashMap<>();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class);
		this.producer = new KafkaProducer<>(properties);
	}

	/**
	 * Publishes an event to its topic, keyed by its aggregate, with a new event ID.
	 * @param event the event
	 * @return the attributes it was sent with, to send it again as a duplicate
	 */
	public CloudEventAttributes publish(SpecificRecord event) {
		CloudEventAttributes attributes = newAttributes(event);
		publish(event, attributes);
		return attributes;
	}

	/**
	 * Publishes an event with the given attributes, for instance those of an earlier
	 * event to send a duplicate.
	 * @param event the event
	 * @param attributes its CloudEvents context
	 */
	public void publish(SpecificRecord event, CloudEventAttributes attributes) {
		send(attributes.toRecord(event));
	}

	/**
	 * Publishes an event as {@link #publish(SpecificRecord)} does, but without one of its
	 * headers, as a producer that leaves it out would.
	 * @param event the event
	 * @param header the header left out, such as {@code ce_id}
	 */
	public void publishWithout(SpecificRecord event, String header) {
		ProducerRecord<String, SpecificRecord> record = newAttributes(event).toRecord(event);
		record.headers().remove(header);
		send(record);
	}

	/**
	 * Publishes an event as {@link #publish(SpecificRecord)} does, but with a
	 * {@code ce_type} naming another type, as a producer that mixed up its records would.
	 * @param event the event
	 * @param type the type its header names
	 */
	public void publishTypedAs(SpecificRecord event, String type) {
		publishWithHeader(event, CloudEventAttributes.TYPE, type);
	}

	/**
	 * Publishes an event as {@link #publish(SpecificRecord)} does, but with one header
	 * set to a value of the test's choosing, as a careless or hostile producer would.
	 * @param event the event
	 * @param header the header, such as {@code ce_id}
	 * @param value its value
	 */
	public void publishWithHeader(SpecificRecord event, String header, String value) {
		ProducerRecord<String, SpecificRecord> record = newAttributes(event).toRecord(event);
		record.headers().remove(header);
		record.headers().add(header, value.getBytes(StandardCharsets.UTF_8));
		send(record);
	}

	private static CloudEventAttributes newAttributes(SpecificRecord event) {
		return CloudEventAttributes.newEvent(event, "/tests", EventCatalog.of(event).keyOf(event), Clock.systemUTC());
	}

	private void send(ProducerRecord<String, SpecificRecord> record) {
		try {
			this.producer.send(record).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Kafka refused the test event", ex.getCause());
		}
	}

	/**
	 * Starts reading a topic from its beginning.
	 * @param topic the topic
	 * @return a reader that keeps what it read
	 */
	public TopicReader read(String topic) {
		return new TopicReader(this.bootstrapServers, topic);
	}

	@Override
	public void close() {
		this.producer.close(Duration.ofSeconds(5));
	}

	/**
	 * Everything published to one topic since its beginning.
	 */
	public static final class TopicReader implements AutoCloseable {

		private final KafkaConsumer<String, SpecificRecord> consumer;

		private final List<ConsumerRecord<String, SpecificRecord>> records = new ArrayList<>();

		TopicReader(String bootstrapServers, String topic) {
			Map<String, Object> properties = new HashMap<>();
			properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
			properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
			properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
			EventDeserializer events = new EventDeserializer();
			// A record that is no event (a dead letter of one) is read with no value
			// rather than stopping the reader.
			Deserializer<SpecificRecord> lenient = (from, data) -> {
				try {
					return events.deserialize(from, data);
				}
				catch (RuntimeException ex) {
					return null;
				}
			};
			this.consumer = new KafkaConsumer<>(properties, new StringDeserializer(), lenient);
			this.consumer.subscribe(Set.of(topic));
		}

		/**
		 * Reads until enough records match, or fails after 30 seconds.
		 * @param count how many matching records to wait for
		 * @param match which records count
		 * @return every matching record read so far
		 */
		public synchronized List<ConsumerRecord<String, SpecificRecord>> awaitRecords(int count,
				Predicate<ConsumerRecord<String, SpecificRecord>> match) {
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				this.consumer.poll(Duration.ofMillis(100)).forEach(this.records::add);
				return this.records.stream().filter(match).count() >= count;
			});
			return this.records.stream().filter(match).toList();
		}

		/**
		 * Reads until enough events of one type match.
		 * @param <T> the event type
		 * @param type the event class
		 * @param count how many to wait for
		 * @param match which events count
		 * @return every matching event read so far
		 */
		public <T extends SpecificRecord> List<T> awaitEvents(Class<T> type, int count, Predicate<T> match) {
			return awaitRecords(count,
					(record) -> type.isInstance(record.value()) && match.test(type.cast(record.value())))
				.stream()
				.map((record) -> type.cast(record.value()))
				.toList();
		}

		/**
		 * Reads for a while and returns everything read so far, to check that something
		 * did not happen.
		 * @param quiet how long to keep reading
		 * @return every record read so far
		 */
		public synchronized List<ConsumerRecord<String, SpecificRecord>> readFor(Duration quiet) {
			long end = System.nanoTime() + quiet.toNanos();
			while (System.nanoTime() < end) {
				this.consumer.poll(Duration.ofMillis(100)).forEach(this.records::add);
			}
			return List.copyOf(this.records);
		}

		@Override
		public void close() {
			this.consumer.close(Duration.ofSeconds(5));
		}

	}

}
