package dev.imagepack.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import dev.imagepack.events.SampleEvents;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.catalog.EventCatalog;
import dev.imagepack.events.catalog.EventCatalog.Topic;
import dev.imagepack.events.catalog.SchemaHistory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event through a real broker with nothing but plain Kafka clients configured by
 * class name.
 */
@EmbeddedKafka(partitions = 2,
		topics = { "package-events", "replication-events", "service-visibility-events", "permission-events" })
class EventKafkaRoundTripTests {

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T08:30:00Z"), ZoneOffset.UTC);

	@Test
	void everyEventTypeTravelsThroughTheBrokerAndBackEqualWithItsHeaders(EmbeddedKafkaBroker broker) {
		List<SpecificRecord> events = SampleEvents.oneOfEach();
		List<CloudEventAttributes> sent = new ArrayList<>();
		try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProperties(broker))) {
			for (SpecificRecord event : events) {
				CloudEventAttributes attributes = CloudEventAttributes.newEvent(event, "/tests",
						EventCatalog.of(event).keyOf(event), CLOCK);
				producer.send(attributes.toRecord(event));
				sent.add(attributes);
			}
		}

		List<ConsumerRecord<String, SpecificRecord>> received = consumeAll(broker, events.size(),
				Map.of(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, EventDeserializer.class.getName()));

		assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(events);
		assertThat(received).map((record) -> CloudEventAttributes.from(record.headers()))
			.containsExactlyInAnyOrderElementsOf(sent);
		assertThat(received).allSatisfy((record) -> {
			EventCatalog.EventType type = EventCatalog.of(record.value());
			assertThat(record.topic()).isEqualTo(type.topic().topicName());
			assertThat(record.key()).isEqualTo(type.keyOf(record.value()));
			assertThat(record.headers().lastHeader("content-type").value())
				.isEqualTo("application/avro".getBytes(StandardCharsets.UTF_8));
		});
		assertThat(sent).extracting(CloudEventAttributes::type)
			.containsExactlyInAnyOrderElementsOf(
					EventCatalog.types().stream().map(EventCatalog.EventType::name).collect(Collectors.toList()));
	}

	@Test
	void aRecordWrittenWithAnOlderReleasedSchemaIsReadThroughTheBroker(EmbeddedKafkaBroker broker) throws Exception {
		byte[] older = EventSerdeTests.olderVersionPublished();
		Map<String, Object> properties = producerProperties(broker);
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties)) {
			producer.send(new ProducerRecord<>(Topic.PACKAGE_EVENTS.topicName(), SampleEvents.PACKAGE_ID, older)).get();
		}

		SchemaHistory history = SchemaHistory.load("fixture-history", getClass().getClassLoader());
		try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(consumerProperties(broker),
				new StringDeserializer(), new EventDeserializer(history))) {
			consumer.subscribe(Set.of(Topic.PACKAGE_EVENTS.topicName()));
			List<SpecificRecord> values = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (values.stream().noneMatch(VersionPublished.class::isInstance) && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> values.add(record.value()));
			}
			assertThat(values).contains(SampleEvents.versionPublished());
		}
	}

	private static Map<String, Object> producerProperties(EmbeddedKafkaBroker broker) {
		Map<String, Object> properties = new java.util.HashMap<>();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, EventSerializer.class.getName());
		return properties;
	}

	private static Map<String, Object> consumerProperties(EmbeddedKafkaBroker broker) {
		Map<String, Object> properties = new java.util.HashMap<>();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "round-trip-" + UUID.randomUUID());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
		return properties;
	}

	private static List<ConsumerRecord<String, SpecificRecord>> consumeAll(EmbeddedKafkaBroker broker, int count,
			Map<String, Object> extra) {
		Map<String, Object> properties = consumerProperties(broker);
		properties.putAll(extra);
		List<ConsumerRecord<String, SpecificRecord>> received = new ArrayList<>();
		try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(properties)) {
			consumer.subscribe(Set.of(Topic.PACKAGE_EVENTS.topicName(), Topic.REPLICATION_EVENTS.topicName(),
					Topic.SERVICE_VISIBILITY_EVENTS.topicName(), Topic.PERMISSION_EVENTS.topicName()));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (received.size() < count && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(received::add);
			}
		}
		return received;
	}

}
