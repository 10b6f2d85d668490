package dev.imagepack.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.messaging.Message;

import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.events.kafka.EventDeserializer;
import dev.imagepack.events.kafka.EventSerializer;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(properties = { "spring.cloud.function.definition=recordEvents",
		"spring.cloud.stream.bindings.recordEvents-in-0.destination=package-events",
		"spring.cloud.stream.bindings.recordEvents-in-0.group=messaging-tests",
		"spring.cloud.stream.default.consumer.backOffInitialInterval=50",
		"imagepack.identity.hmac-secret=messaging-tests-secret-of-at-least-32-bytes" })
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.cloud.stream.kafka.binder.brokers")
class MessagingDefaultsTests {

	private static final String DEAD_LETTERS = "error.package-events.messaging-tests";

	@Autowired
	private EmbeddedKafkaBroker broker;

	@Autowired
	private BlockingQueue<Message<SpecificRecord>> received;

	@Autowired
	private AtomicInteger failedAttempts;

	@Autowired
	private StreamBridge streamBridge;

	@Test
	void anUndecodableRecordIsDeadLetteredWithItsReasonAndTheNextRecordIsConsumed() throws Exception {
		byte[] poison = "{\"packageId\": \"pkg-1\"}".getBytes(StandardCharsets.UTF_8);
		VersionPublished next = versionPublished("pkg-after-poison");
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties())) {
			producer.send(new ProducerRecord<>("package-events", "pkg-1", poison)).get();
			producer
				.send(new ProducerRecord<>("package-events", "pkg-after-poison",
						new EventSerializer().serialize("package-events", next)))
				.get();
		}

		assertThat(nextPayload()).isEqualTo(next);
		ConsumerRecord<byte[], byte[]> deadLetter = deadLetterWithKey("pkg-1");
		assertThat(deadLetter.value()).isEqualTo(poison);
		assertThat(header(deadLetter, "dead-letter-reason")).isEqualTo(
				"Record on topic package-events is not in Avro single-object encoding: it does not start with the marker C3 01");
		assertThat(header(deadLetter, "kafka_dlt-exception-fqcn"))
			.isEqualTo("org.springframework.kafka.support.serializer.DeserializationException");
		assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo("package-events");
	}

	@Test
	void aRecordAtTheSizeLimitIsDeadLetteredOrMarkedAndTheNextRecordIsConsumed() throws Exception {
		byte[] huge = new byte[1_048_000];
		java.util.Arrays.fill(huge, (byte) 'x');
		VersionPublished next = versionPublished("pkg-after-huge");
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties())) {
			producer.send(new ProducerRecord<>("package-events", "pkg-huge", huge)).get();
			producer
				.send(new ProducerRecord<>("package-events", "pkg-after-huge",
						new EventSerializer().serialize("package-events", next)))
				.get();
		}

		assertThat(nextPayload()).isEqualTo(next);
		ConsumerRecord<byte[], byte[]> deadLetter = deadLetterWithKey("pkg-huge");
		assertThat(header(deadLetter, "dead-letter-reason")).contains("does not start with the marker C3 01");
	}

	@Test
	void aFailingHandlerIsRetriedThenTheEventIsDeadLetteredAndTheNextRecordIsConsumed() throws Exception {
		VersionPublished failing = versionPublished(MessagingTestApplication.FAILING_PACKAGE);
		VersionPublished next = versionPublished("pkg-after-failure");

		send(failing);
		send(next);

		assertThat(nextPayload()).isEqualTo(next);
		assertThat(this.failedAttempts).hasValue(3);
		ConsumerRecord<byte[], byte[]> deadLetter = deadLetterWithKey(MessagingTestApplication.FAILING_PACKAGE);
		assertThat(new EventDeserializer().deserialize(DEAD_LETTERS, deadLetter.value())).isEqualTo(failing);
		assertThat(header(deadLetter, "dead-letter-reason"))
			.isEqualTo("Package " + MessagingTestApplication.FAILING_PACKAGE + " cannot be handled");
		assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo("package-events");
	}

	@Test
	void aPublishedEventCarriesItsKeyAndCloudEventsHeadersForPlainClients() {
		VersionPublished event = versionPublished("pkg-headers");
		CloudEventAttributes attributes = CloudEventAttributes.newEvent(event, "/tests", "pkg-headers/versions/1",
				Clock.systemUTC());

		this.streamBridge.send("package-events", EventMessages.toMessage(event, attributes));

		Message<SpecificRecord> message = nextMessage();
		assertThat(message.getPayload()).isEqualTo(event);
		assertThat(EventMessages.attributesOf(message.getHeaders())).isEqualTo(attributes);
		assertThat(message.getHeaders().get("kafka_receivedMessageKey")).isEqualTo("pkg-headers");
		assertThat(message.getHeaders().get(CloudEventAttributes.ID))
			.isEqualTo(attributes.id().getBytes(StandardCharsets.UTF_8));
	}

	private void send(VersionPublished event) {
		CloudEventAttributes attributes = CloudEventAttributes.newEvent(event, "/tests", event.getPackageId(),
				Clock.systemUTC());
		this.streamBridge.send("package-events", EventMessages.toMessage(event, attributes));
	}

	private SpecificRecord nextPayload() {
		return nextMessage().getPayload();
	}

	private Message<SpecificRecord> nextMessage() {
		try {
			Message<SpecificRecord> message = this.received.poll(30, TimeUnit.SECONDS);
			assertThat(message).as("a consumed message").isNotNull();
			return message;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private ConsumerRecord<byte[], byte[]> deadLetterWithKey(String key) {
		Map<String, Object> properties = new HashMap<>();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString());
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "dead-letter-reader-" + UUID.randomUUID());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(Set.of(DEAD_LETTERS));
			List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
				for (ConsumerRecord<byte[], byte[]> record : seen) {
					if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
						return record;
					}
				}
			}
		}
		throw new AssertionError("No dead letter with key " + key + " on " + DEAD_LETTERS);
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		assertThat(header).as("header " + name).isNotNull();
		return new String(header.value(), StandardCharsets.UTF_8);
	}

	private Map<String, Object> producerProperties() {
		Map<String, Object> properties = new HashMap<>();
		properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString());
		properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return properties;
	}

	private static VersionPublished versionPublished(String packageId) {
		return VersionPublished.newBuilder()
			.setPackageId(packageId)
			.setPackageName("wordpress_image")
			.setOwnerAccountId("isv-1001")
			.setVersionNumber(1)
			.setVersionName("release_1")
			.setContent(dev.imagepack.events.ImageContent.newBuilder()
				.setImageType(dev.imagepack.events.ImageType.CUSTOM)
				.setSourceRegion("cn-hangzhou")
				.setSourceImageId("m-bp1source")
				.build())
			.setRegions(List.of("cn-hangzhou"))
			.setPublishedAt(java.time.Instant.parse("2026-12-01T08:30:00Z"))
			.build();
	}

}
