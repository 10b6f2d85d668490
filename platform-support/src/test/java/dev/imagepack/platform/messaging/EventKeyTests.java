package dev.imagepack.platform.messaging;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import dev.imagepack.events.RegionReplicated;

import static dev.imagepack.platform.messaging.MessagingFixtures.replicated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A consumed event is accepted only under the key of what it is about, which keeps a
 * package's events on one partition and in order.
 */
class EventKeyTests {

	@Test
	void anEventUnderAnotherKeyIsRefusedWithBothIds() {
		Message<RegionReplicated> elsewhere = MessageBuilder.withPayload(replicated("pkg-1"))
			.setHeader(KafkaHeaders.RECEIVED_KEY, "pkg-other")
			.build();
		Message<RegionReplicated> keyless = MessageBuilder.withPayload(replicated("pkg-1")).build();

		assertThatIllegalArgumentException().isThrownBy(() -> EventMessages.eventOf(elsewhere))
			.withMessage("The record's key, 'pkg-other', is not the ID its RegionReplicated is about, 'pkg-1'");
		assertThatIllegalArgumentException().isThrownBy(() -> EventMessages.eventOf(keyless))
			.withMessageContaining("key, none,");
		assertThat(EventMessages.eventOf(
				MessageBuilder.withPayload(replicated("pkg-1")).setHeader(KafkaHeaders.RECEIVED_KEY, "pkg-1").build()))
			.isEqualTo(replicated("pkg-1"));
	}

	@Test
	void aBatchRefusesOnlyTheRecordUnderAnotherKey() {
		Message<List<Object>> batch = MessageBuilder
			.<List<Object>>withPayload(List.of(replicated("pkg-1"), replicated("pkg-2"), replicated("pkg-3")))
			.setHeader(KafkaHeaders.RECEIVED_KEY, List.of("pkg-1", "pkg-x", "pkg-3"))
			.build();

		List<EventBatch.Entry> entries = EventBatch.of(batch).entries();

		assertThat(entries)
			.extracting((entry) -> entry.failure() != null
					&& entry.failure().getMessage().startsWith("The record's key, 'pkg-x'"))
			.containsExactly(false, true, false);
	}

}
