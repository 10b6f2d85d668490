package dev.imagepack.events.kafka;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Reads the {@code ce_time} of every consumed event. Producers here write it as
 * {@link Instant#toString()} does ({@code 2026-12-06T09:51:13.123456Z}: UTC, a four-digit
 * year, 0 to 9 digits of fraction), which is read field by field; any other form (an
 * offset, a longer year) goes to {@link Instant#parse}, which reads every ISO-8601
 * instant. Both give the same instant for the same text; the general parser cost a few
 * percent of each consumer's CPU.
 */
final class EventTimes {

	private static final int SHORTEST = "2026-12-06T09:51:13Z".length();

	private static final int LONGEST = "2026-12-06T09:51:13.123456789Z".length();

	private static final int SECONDS_PER_DAY = 86_400;

	private EventTimes() {
	}

	/**
	 * The instant a text names.
	 * @param text an ISO-8601 instant
	 * @return the instant
	 * @throws DateTimeParseException if the text is not one
	 */
	static Instant parse(CharSequence text) {
		Instant instant = parseUtc(text);
		return (instant != null) ? instant : Instant.parse(text);
	}

	/**
	 * The instant of a text in {@link Instant#toString()}'s form, or null for any other
	 * text, valid or not, which the general parser then reads or refuses.
	 */
	private static Instant parseUtc(CharSequence text) {
		int length = text.length();
		if (length < SHORTEST || length > LONGEST || length == SHORTEST + 1 || text.charAt(length - 1) != 'Z'
				|| text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
				|| text.charAt(16) != ':') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 7);
		int day = digits(text, 8, 10);
		int hour = digits(text, 11, 13);
		int minute = digits(text, 14, 16);
		int second = digits(text, 17, 19);
		if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
				|| second > 59) {
			return null;
		}
		int nanos = 0;
		if (length > SHORTEST) {
			if (text.charAt(19) != '.') {
				return null;
			}
			int fraction = digits(text, 20, length - 1);
			if (fraction < 0) {
				return null;
			}
			nanos = fraction;
			for (int scale = length - 1 - 20; scale < 9; scale++) {
				nanos *= 10;
			}
		}
		long epochDay;
		try {
			epochDay = LocalDate.of(year, month, day).toEpochDay();
		}
		catch (DateTimeException ex) {
			// No such day: the general parser says why.
			return null;
		}
		return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
	}

	/**
	 * The number the ASCII digits between two positions spell, or -1 if any is not one.
	 */
	private static int digits(CharSequence text, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

}
