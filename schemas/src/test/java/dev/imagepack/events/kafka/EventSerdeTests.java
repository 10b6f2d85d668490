package dev.imagepack.events.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.imagepack.events.ImageContent;
import dev.imagepack.events.SampleEvents;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.catalog.SchemaHistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventSerdeTests {

	private final EventSerializer serializer = new EventSerializer();

	private final EventDeserializer deserializer = new EventDeserializer();

	static Iterable<SpecificRecord> events() {
		return SampleEvents.oneOfEach();
	}

	@ParameterizedTest
	@MethodSource("events")
	void everyEventSurvivesARoundTrip(SpecificRecord event) {
		byte[] bytes = this.serializer.serialize("any", event);

		assertThat(this.deserializer.deserialize("any", bytes)).isEqualTo(event);
	}

	@Test
	void bytesFollowAvroSingleObjectEncoding() throws IOException {
		VersionPublished event = SampleEvents.versionPublished();

		byte[] ours = this.serializer.serialize("package-events", event);

		assertThat(Arrays.copyOf(ours, 2)).containsExactly(0xC3, 0x01);
		assertThat(ours).containsExactly(bytes(VersionPublished.getEncoder().encode(event)));
	}

	@Test
	void deserializerTrustsTheEventClassesWithoutSystemProperties() {
		new EventDeserializer();

		assertThat(ClassSecurityValidator.getGlobal().isTrusted(VersionPublished.class)).isTrue();
		assertThat(ClassSecurityValidator.getGlobal().isTrusted(EventDeserializer.class)).isFalse();
	}

	@Test
	void aRecordWithoutValueIsRefusedBecauseEventTopicsCarryNoTombstones() {
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.deserializer.deserialize("package-events", null))
			.withMessageContaining("has no value");
	}

	@Test
	void aRecordThatIsNotAnEventIsRefused() {
		ImageContent notAnEvent = SampleEvents.customImage();

		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.serialize("package-events", notAnEvent))
			.withMessageContaining("dev.imagepack.events.ImageContent")
			.withMessageContaining("not an event of the catalogue");
	}

	@Test
	void bytesWithoutTheMarkerAreRefused() {
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.deserializer.deserialize("package-events", "{\"packageId\":1}".getBytes()))
			.withMessageContaining("does not start with the marker C3 01");
	}

	@Test
	void aRecordShorterThanTheHeaderIsRefusedAsTooShort() {
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.deserializer.deserialize("package-events", new byte[] { (byte) 0xC3, 0x01 }))
			.withMessageContaining("it has 2 bytes, fewer than the marker C3 01 and the 8-byte schema fingerprint");
	}

	@Test
	void anUnknownFingerprintIsRefusedWithTheFingerprint() {
		byte[] bytes = HexFormat.of().parseHex("c30101020304050607080000");

		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.deserializer.deserialize("package-events", bytes))
			.withMessage("Record on topic package-events was written with an unknown schema: fingerprint "
					+ "01 02 03 04 05 06 07 08 matches no current or released event schema");
	}

	@Test
	void aTruncatedBodyIsRefused() {
		byte[] bytes = this.serializer.serialize("package-events", SampleEvents.versionPublished());

		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.deserializer.deserialize("package-events", Arrays.copyOf(bytes, bytes.length - 5)))
			.withMessageContaining("malformed body");
	}

	@Test
	void trailingBytesAreRefused() {
		byte[] bytes = this.serializer.serialize("package-events", SampleEvents.versionPublished());

		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.deserializer.deserialize("package-events", Arrays.copyOf(bytes, bytes.length + 3)))
			.withMessageContaining("has bytes after its dev.imagepack.events.VersionPublished body");
	}

	@Test
	void anEventWrittenWithAnOlderReleasedSchemaIsReadIntoTheCurrentClass() throws IOException {
		SchemaHistory history = SchemaHistory.load("fixture-history", getClass().getClassLoader());
		EventDeserializer withHistory = new EventDeserializer(history);

		VersionPublished read = (VersionPublished) withHistory.deserialize("package-events", olderVersionPublished());

		assertThat(read).isEqualTo(SampleEvents.versionPublished());
	}

	@Test
	void anOlderSchemaIsUnknownUntilItsReleaseIsKept() throws IOException {
		byte[] older = olderVersionPublished();

		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.deserializer.deserialize("package-events", older))
			.withMessageContaining("unknown schema");
	}

	private static byte[] bytes(ByteBuffer buffer) {
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		return bytes;
	}

	static byte[] olderVersionPublished() throws IOException {
		org.apache.avro.Schema older = SchemaHistory.load("fixture-history", EventSerdeTests.class.getClassLoader())
			.released(VersionPublished.class.getName())
			.get(0);
		VersionPublished current = SampleEvents.versionPublished();
		GenericRecord record = new GenericData.Record(older);
		GenericRecord content = new GenericData.Record(older.getField("content").schema());
		ImageContent image = current.getContent();
		content.put("imageType", new GenericData.EnumSymbol(content.getSchema().getField("imageType").schema(),
				image.getImageType().name()));
		content.put("sourceRegion", image.getSourceRegion());
		content.put("sourceImageId", image.getSourceImageId());
		content.put("marketplaceProductCode", image.getMarketplaceProductCode());
		content.put("imageSizeGib", image.getImageSizeGib());
		record.put("packageId", current.getPackageId());
		record.put("packageName", current.getPackageName());
		record.put("ownerAccountId", current.getOwnerAccountId());
		record.put("versionNumber", current.getVersionNumber());
		record.put("versionName", current.getVersionName());
		record.put("content", content);
		record.put("releaseNotes", "First release with PHP 8.3");
		record.put("regions", current.getRegions());
		record.put("publishedAt", current.getPublishedAt().toEpochMilli());
		return bytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(record));
	}

}
