package dev.imagepack.events.kafka;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Reads the {@code ce_time} of every consumed event: an RFC 3339 date-time, as
 * CloudEvents requires. Producers here write it as {@link Instant#toString()} does
 * ({@code 2026-12-06T09:51:13.123456Z}), which is read field by field; a time with an
 * offset is read by {@link OffsetDateTime#parse}. ISO-8601 forms that RFC 3339 leaves out
 * ({@code 24:00}, signed or longer years, a fraction without digits), which
 * {@link Instant#parse} would read, are refused. The general parser cost a few percent of
 * each consumer's CPU.
 */
final class EventTimes {

	private static final Pattern RFC_3339 = Pattern
		.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

	private static final int FRACTION_START = "2026-12-06T09:51:13.".length();

	private static final int SECONDS_PER_DAY = 86_400;

	private static final int LEAP_SECOND = 60;

	private EventTimes() {
	}

	/**
	 * The instant a text names.
	 * @param text an RFC 3339 date-time with at most nine digits of fraction
	 * @return the instant
	 * @throws DateTimeParseException if the text is not one, or names no instant (a 30th
	 * of February, an hour of 24)
	 */
	static Instant parse(String text) {
		if (!RFC_3339.matcher(text).matches()) {
			throw new DateTimeParseException("Not an RFC 3339 date-time", text, 0);
		}
		char last = text.charAt(text.length() - 1);
		if (last != 'Z' && last != 'z') {
			return OffsetDateTime.parse(text).toInstant();
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 7);
		int day = digits(text, 8, 10);
		int hour = digits(text, 11, 13);
		int minute = digits(text, 14, 16);
		int second = digits(text, 17, 19);
		if (hour > 23 || minute > 59 || second > LEAP_SECOND) {
			throw new DateTimeParseException("No such time of day", text, 11);
		}
		int nanos = 0;
		if (text.length() - 1 > FRACTION_START) {
			nanos = digits(text, FRACTION_START, text.length() - 1);
			for (int scale = text.length() - 1 - FRACTION_START; scale < 9; scale++) {
				nanos *= 10;
			}
		}
		long epochDay;
		try {
			epochDay = LocalDate.of(year, month, day).toEpochDay();
		}
		catch (DateTimeException ex) {
			throw new DateTimeParseException("No such day: " + ex.getMessage(), text, 0, ex);
		}
		// A leap second is read as the second before it, as Instant.parse reads it.
		int seconds = Math.min(second, LEAP_SECOND - 1);
		return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + seconds, nanos);
	}

	/**
	 * The number the ASCII digits between two positions spell; the pattern checked them.
	 */
	private static int digits(String text, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			value = value * 10 + (text.charAt(i) - '0');
		}
		return value;
	}

}
