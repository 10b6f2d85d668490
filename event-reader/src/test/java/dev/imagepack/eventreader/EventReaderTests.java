package dev.imagepack.eventreader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.imagepack.events.ImageContent;
import dev.imagepack.events.ImageType;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.events.kafka.EventSerializer;
import dev.imagepack.local.KafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event reader against a real broker: events decoded with their headers, dead letters
 * with their reasons, and what it says when something is missing.
 */
class EventReaderTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path kafkaData;

	private static KafkaBroker kafka;

	@BeforeAll
	static void startBroker() throws IOException {
		int port;
		int controllerPort;
		// Both held until both are chosen, so that they differ.
		try (ServerSocket first = new ServerSocket(0); ServerSocket second = new ServerSocket(0)) {
			port = first.getLocalPort();
			controllerPort = second.getLocalPort();
		}
		kafka = KafkaBroker.start(kafkaData, port, controllerPort);
	}

	@AfterAll
	static void stopBroker() {
		if (kafka != null) {
			kafka.close();
		}
	}

	@Test
	void eachEventIsOneLineOfJsonWithItsPlaceKeyHeadersAndFields() throws Exception {
		VersionPublished event = published("pkg-reader-1");
		CloudEventAttributes attributes = CloudEventAttributes.newEvent(event, "/tests", "pkg-reader-1",
				Clock.systemUTC());
		send("package-events", event, attributes);

		Output output = read("package-events");

		assertThat(output.status()).isZero();
		assertThat(output.lines()).hasSize(1);
		JsonNode line = output.lines().get(0);
		assertThat(line.get("topic").asString()).isEqualTo("package-events");
		assertThat(line.get("key").asString()).isEqualTo("pkg-reader-1");
		assertThat(line.get("headers").get("ce_id").asString()).isEqualTo(attributes.id());
		assertThat(line.get("headers").get("ce_type").asString()).isEqualTo(VersionPublished.class.getName());
		assertThat(line.get("type").asString()).isEqualTo(VersionPublished.class.getName());
		JsonNode fields = line.get("event");
		assertThat(fields.get("versionName").asString()).isEqualTo("release \"one\"");
		assertThat(fields.get("content").get("imageType").asString()).isEqualTo("CUSTOM");
		assertThat(fields.get("content").get("imageSizeGib").asInt()).isEqualTo(20);
		assertThat(fields.get("content").get("marketplaceProductCode").isNull()).isTrue();
		assertThat(fields.get("regions").values()).extracting(JsonNode::asString)
			.containsExactly("cn-hangzhou", "cn-shanghai");
		assertThat(fields.get("publishedAt").asString()).isEqualTo("2026-12-01T08:30:00Z");
	}

	@Test
	void aDeadLetterShowsItsReasonAndItsValueInBase64() throws Exception {
		byte[] value = "not an \"event\"\n".getBytes(StandardCharsets.UTF_8);
		ProducerRecord<String, byte[]> deadLetter = new ProducerRecord<>("error.replication-events.reader-tests",
				"pkg-reader-2", value);
		deadLetter.headers().add("dead-letter-reason", "The value is not an event".getBytes(StandardCharsets.UTF_8));
		deadLetter.headers().add("binary", new byte[] { 0, (byte) 0xff });
		sendRaw(deadLetter);

		Output output = read("error.replication-events.reader-tests");

		assertThat(output.lines()).hasSize(1);
		JsonNode line = output.lines().get(0);
		assertThat(line.get("headers").get("dead-letter-reason").asString()).isEqualTo("The value is not an event");
		assertThat(line.get("headers").get("binary").asString()).isEqualTo("base64:AP8=");
		assertThat(line.get("unreadable").asString()).contains("not in Avro single-object encoding");
		assertThat(line.get("valueBase64").asString()).isEqualTo("bm90IGFuICJldmVudCIK");
		assertThat(line.has("event")).isFalse();
	}

	@Test
	void aKeyThatIsNotTextIsShownInBase64AndARepeatedHeaderAsAnArray() throws Exception {
		ProducerRecord<byte[], byte[]> odd = new ProducerRecord<>("reader-odd-records",
				new byte[] { (byte) 0xff, (byte) 0xfe, 'k', 0 }, "value".getBytes(StandardCharsets.UTF_8));
		odd.headers().add("ce_type", "first".getBytes(StandardCharsets.UTF_8));
		odd.headers().add("ce_type", new byte[] { (byte) 0xc3, 0x28 });
		sendBytes(odd);

		Output output = read("reader-odd-records");

		JsonNode line = output.lines().get(0);
		assertThat(line.get("key").asString()).isEqualTo("base64://5rAA==");
		assertThat(line.get("headers").get("ce_type").values()).extracting(JsonNode::asString)
			.containsExactly("first", "base64:wyg=");
	}

	@Test
	@Timeout(60)
	void followingEndsOnceNobodyReadsItsOutput() throws Exception {
		VersionPublished event = published("pkg-reader-closed");
		send("reader-closed-output", event,
				CloudEventAttributes.newEvent(event, "/tests", "pkg-reader-closed", Clock.systemUTC()));
		// What a pipe into `head` becomes once head has exited.
		PrintStream closed = new PrintStream(new OutputStream() {

			@Override
			public void write(int b) throws IOException {
				throw new IOException("Broken pipe");
			}

		}, true, StandardCharsets.UTF_8);

		int status = EventReader.run(new String[] { "--follow", "reader-closed-output" }, kafka.bootstrapServers(),
				closed, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

		assertThat(status).isZero();
	}

	@Test
	void theMaxEndsTheReadingEarly() throws Exception {
		for (int i = 0; i < 3; i++) {
			VersionPublished event = published("pkg-reader-max");
			send("reader-max-events", event,
					CloudEventAttributes.newEvent(event, "/tests", "pkg-reader-max", Clock.systemUTC()));
		}

		Output output = read("--max", "2", "reader-max-events");

		assertThat(output.lines()).hasSize(2);
	}

	@Test
	void aTopicThatDoesNotExistIsNamedWithTheTopicsThatDo() throws InterruptedException {
		Output output = read("no-such-events");

		assertThat(output.status()).isEqualTo(1);
		assertThat(output.errors()).contains("No topic no-such-events on " + kafka.bootstrapServers());
		// A broker that creates topics on first use takes a moment to do so.
		for (int i = 0; i < 4; i++) {
			Thread.sleep(500);
			assertThat(read("no-such-events").status()).as("still not there").isEqualTo(1);
		}
	}

	@Test
	void aWrongCommandLineIsRefusedWithTheUsage() {
		Output withoutTopic = read();
		Output badMax = read("--max", "zero", "package-events");
		Output badTopic = read("bad topic!");
		Output help = read("--help");

		assertThat(withoutTopic.status()).isEqualTo(2);
		assertThat(withoutTopic.errors()).contains("Name the topic to read").contains("usage: events.sh");
		assertThat(badMax.status()).isEqualTo(2);
		assertThat(badMax.errors()).contains("--max takes a number of records from 1, not zero");
		assertThat(badTopic.status()).isEqualTo(2);
		assertThat(badTopic.errors()).contains("Not a topic name: bad topic!");
		assertThat(help.status()).isZero();
		assertThat(help.text()).contains("usage: events.sh");
	}

	private static Output read(String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = EventReader.run(args, kafka.bootstrapServers(), new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private static void send(String topic, SpecificRecord event, CloudEventAttributes attributes)
			throws InterruptedException, ExecutionException {
		ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(topic, attributes.subject(), event);
		attributes.writeTo(record.headers());
		try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
				new EventSerializer())) {
			producer.send(record).get();
		}
	}

	private static void sendBytes(ProducerRecord<byte[], byte[]> record)
			throws InterruptedException, ExecutionException {
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new ByteArraySerializer(),
				new ByteArraySerializer())) {
			producer.send(record).get();
		}
	}

	private static void sendRaw(ProducerRecord<String, byte[]> record) throws InterruptedException, ExecutionException {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(record).get();
		}
	}

	private static VersionPublished published(String packageId) {
		return VersionPublished.newBuilder()
			.setPackageId(packageId)
			.setPackageName("reader_image")
			.setOwnerAccountId("isv-reader")
			.setVersionNumber(1)
			.setVersionName("release \"one\"")
			.setContent(ImageContent.newBuilder()
				.setImageType(ImageType.CUSTOM)
				.setSourceRegion("cn-hangzhou")
				.setSourceImageId("m-bp1readerimage")
				.setImageSizeGib(20)
				.build())
			.setRegions(List.of("cn-hangzhou", "cn-shanghai"))
			.setPublishedAt(Instant.parse("2026-12-01T08:30:00Z"))
			.build();
	}

	/**
	 * What a run printed.
	 */
	private record Output(int status, String text, String errors) {

		List<JsonNode> lines() {
			return text.lines().map(JSON::readTree).toList();
		}

	}

}
