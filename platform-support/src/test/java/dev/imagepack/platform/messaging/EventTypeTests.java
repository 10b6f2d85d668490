package dev.imagepack.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import dev.imagepack.events.RegionReplicated;
import dev.imagepack.events.kafka.CloudEventAttributes;

import static dev.imagepack.platform.messaging.MessagingFixtures.replicated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A consumed event is accepted only if its {@code ce_type} names the type its value
 * holds: a consumer acts on the value, and a header saying otherwise comes from a
 * producer that mixed up its records.
 */
class EventTypeTests {

	private static final String REPLICATED = "dev.imagepack.events.RegionReplicated";

	private static final String REMOVED = "dev.imagepack.events.RegionImageRemoved";

	@Test
	void anEventWhoseTypeHeaderNamesAnotherTypeIsRefusedWithBothNames() {
		Message<RegionReplicated> mislabelled = typedAs(REMOVED.getBytes(StandardCharsets.UTF_8));

		assertThatIllegalArgumentException().isThrownBy(() -> EventMessages.eventOf(mislabelled))
			.withMessage("The record's ce_type, '" + REMOVED + "', is not the type of the event its value holds, '"
					+ REPLICATED + "'");
	}

	@Test
	void anEventWhoseTypeHeaderNamesItsTypeIsAcceptedAsBytesOrText() {
		Message<RegionReplicated> raw = typedAs(REPLICATED.getBytes(StandardCharsets.UTF_8));
		Message<RegionReplicated> text = typedAs(REPLICATED);

		assertThat(EventMessages.eventOf(raw)).isEqualTo(replicated("pkg-1"));
		assertThat(EventMessages.eventOf(text)).isEqualTo(replicated("pkg-1"));
	}

	@Test
	void aBatchRefusesOnlyTheMislabelledRecord() {
		Message<List<Object>> batch = MessageBuilder
			.<List<Object>>withPayload(List.of(replicated("pkg-1"), replicated("pkg-2"), replicated("pkg-3")))
			.setHeader(KafkaHeaders.RECEIVED_KEY, List.of("pkg-1", "pkg-2", "pkg-3"))
			.setHeader(KafkaHeaders.BATCH_CONVERTED_HEADERS,
					List.of(headers("pkg-1", REPLICATED), headers("pkg-2", REMOVED), headers("pkg-3", REPLICATED)))
			.build();

		List<EventBatch.Entry> entries = EventBatch.of(batch).entries();

		assertThat(entries).extracting(EventBatch.Entry::failure)
			.satisfiesExactly((failure) -> assertThat(failure).isNull(),
					(failure) -> assertThat(failure).hasMessageStartingWith("The record's ce_type, '" + REMOVED),
					(failure) -> assertThat(failure).isNull());
		assertThat(entries.get(0).attributes().type()).isEqualTo(REPLICATED);
	}

	private static Message<RegionReplicated> typedAs(Object type) {
		return MessageBuilder.withPayload(replicated("pkg-1"))
			.setHeader(KafkaHeaders.RECEIVED_KEY, "pkg-1")
			.setHeader(CloudEventAttributes.TYPE, type)
			.build();
	}

	private static Map<String, Object> headers(String packageId, String type) {
		RecordHeaders written = new RecordHeaders();
		new CloudEventAttributes("event-" + packageId, type, "/tests", Instant.parse("2026-12-01T08:31:00Z"), packageId)
			.writeTo(written);
		Map<String, Object> headers = new HashMap<>();
		for (Header header : written) {
			headers.put(header.key(), header.value());
		}
		return headers;
	}

}
