package dev.imagepack.mapping.version.messaging;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.imagepack.events.ImageContent;
import dev.imagepack.mapping.version.ImageKind;
import dev.imagepack.mapping.version.ImageSource;

/**
 * Checks the fields of consumed events. A field that breaks a rule throws
 * {@link IllegalArgumentException}, which sends the event to the dead-letter topic with
 * the message as its reason.
 */
final class EventChecks {

	private static final Pattern REGION = Pattern.compile("[a-z]{2,10}(-[a-z0-9]{1,20}){1,4}");

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

	private EventChecks() {
	}

	static String id(@Nullable String value, String field) {
		if (value == null || !ID.matcher(value).matches()) {
			throw new IllegalArgumentException(field + " is not a valid ID: " + abbreviate(value));
		}
		return value;
	}

	static String region(@Nullable String region) {
		if (region == null || !REGION.matcher(region).matches()) {
			throw new IllegalArgumentException("Not a region ID: " + abbreviate(region));
		}
		return region;
	}

	static List<String> regions(List<String> regions) {
		if (regions.size() > 100) {
			throw new IllegalArgumentException("An event names at most 100 regions, not " + regions.size());
		}
		return regions.stream().map(EventChecks::region).distinct().toList();
	}

	static int versionNumber(int number) {
		if (number < 1) {
			throw new IllegalArgumentException("A published version number is at least 1, not " + number);
		}
		return number;
	}

	static int percent(int percent) {
		if (percent < 0 || percent > 100) {
			throw new IllegalArgumentException("A percentage lies between 0 and 100, not " + percent);
		}
		return percent;
	}

	static int attempts(int attempts) {
		if (attempts < 1) {
			throw new IllegalArgumentException("Attempts are counted from 1, not " + attempts);
		}
		return attempts;
	}

	static ImageSource source(ImageContent content) {
		String sourceRegion = region(content.getSourceRegion());
		return switch (content.getImageType()) {
			case CUSTOM -> new ImageSource(ImageKind.CUSTOM, sourceRegion,
					id(content.getSourceImageId(), "sourceImageId of a CUSTOM image"));
			case MARKETPLACE -> new ImageSource(ImageKind.MARKETPLACE, sourceRegion, null);
			default -> throw new IllegalArgumentException("Unknown image type " + content.getImageType());
		};
	}

	private static String abbreviate(@Nullable String value) {
		if (value == null) {
			return "none";
		}
		return (value.length() <= 80) ? "'" + value + "'" : "'" + value.substring(0, 80) + "…'";
	}

}
