package dev.imagepack.events.kafka;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CloudEventAttributesTests {

	private static final Instant TIME = Instant.parse("2026-12-05T22:00:00Z");

	@Test
	void anEventIdOfAtMost256CharactersIsTaken() {
		String id = "e".repeat(CloudEventAttributes.MAX_ID_LENGTH);

		assertThat(new CloudEventAttributes(id, "type", "/source", TIME, "subject").id()).isEqualTo(id);
	}

	@Test
	void anOversizedAttributeIsRefusedWithItsLengthNotItsValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CloudEventAttributes("e".repeat(257), "type", "/source", TIME, "subject"))
			.withMessage("ce_id has 257 characters; at most 256 are taken");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CloudEventAttributes("id", "type", "/source", TIME, "s".repeat(513)))
			.withMessage("ce_subject has 513 characters; at most 512 are taken");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CloudEventAttributes("id", "type", "/".repeat(600), TIME, "subject"))
			.withMessageStartingWith("ce_source has 600 characters");
	}

	@Test
	void anAttributeHoldingAControlCharacterIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CloudEventAttributes("id\n2", "type", "/source", TIME, "subject"))
			.withMessage("ce_id holds a control character");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CloudEventAttributes("id", "type\u0000", "/source", TIME, "subject"))
			.withMessage("ce_type holds a control character");
	}

}
