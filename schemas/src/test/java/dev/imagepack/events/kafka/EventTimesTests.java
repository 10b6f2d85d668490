package dev.imagepack.events.kafka;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventTimesTests {

	@Test
	void everyInstantAsProducersWriteItIsReadAsTheGeneralParserReadsIt() {
		SplittableRandom random = new SplittableRandom(20261206);
		long from = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
		long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
		for (int i = 0; i < 100_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong(from, to + 1), random.nextInt(1_000_000_000));
			// Instant.toString writes 0, 3, 6 or 9 digits of fraction.
			for (ChronoUnit unit : List.of(ChronoUnit.SECONDS, ChronoUnit.MILLIS, ChronoUnit.MICROS,
					ChronoUnit.NANOS)) {
				String text = instant.truncatedTo(unit).toString();
				assertThat(EventTimes.parse(text)).as(text).isEqualTo(Instant.parse(text));
			}
		}
	}

	@Test
	void otherRfc3339FormsAndTheEdgesOfTheCalendarAreReadAsTheGeneralParserReadsThem() {
		for (String text : List.of("2026-12-06T09:51:13.1Z", "2026-12-06T09:51:13.12Z", "2026-12-06T09:51:13.1234Z",
				"2026-12-06T09:51:13.12345678Z", "2026-12-06T09:51:13.000000000Z", "2024-02-29T23:59:59.999999999Z",
				"0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59.5Z", "2026-12-31T23:59:60Z",
				"2026-12-06t09:51:13z", "2026-12-06T09:51:13+08:00", "2026-12-06T09:51:13.25-05:30",
				"2026-12-06T09:51:13+14:00")) {
			assertThat(EventTimes.parse(text)).as(text).isEqualTo(Instant.parse(text));
		}
	}

	@Test
	void iso8601FormsThatRfc3339LeavesOutAreRefused() {
		// Instant.parse reads each of these.
		for (String text : List.of("2026-12-06T24:00:00Z", "+12026-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
				"2026-12-06T09:51:13.Z")) {
			assertThat(Instant.parse(text)).isNotNull();
			assertThatExceptionOfType(DateTimeParseException.class).as(text).isThrownBy(() -> EventTimes.parse(text));
		}
	}

	@Test
	void whatIsNoRfc3339DateTimeIsRefused() {
		for (String text : List.of("", "2026-12-06", "2026-12-06T09:51:13", "2026-02-30T09:51:13Z",
				"2026-13-06T09:51:13Z", "2026-12-06T09:60:13Z", "2026-12-06T09:51:61Z",
				"2026-12-06T09:51:13.1234567890Z", "2026-12-06 09:51:13Z", "2026-12-06T09:51:1xZ",
				"２０２６-12-06T09:51:13Z", "2026-12-06T09:51:13,5Z", "2026-12-06T09:51:13+0800",
				"2026-12-06T09:51:13+25:00", "2026-12-06T09:51:13Z\n", "x".repeat(10_000))) {
			assertThatExceptionOfType(DateTimeParseException.class).as(text).isThrownBy(() -> EventTimes.parse(text));
		}
	}

}
