package dev.imagepack.platform.messaging;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.imagepack.events.ImageContent;

/**
 * Checks of the fields of consumed events that every consumer applies alike, so that an
 * event one service refuses is not one another applies. A field that breaks a rule throws
 * {@link IllegalArgumentException}, which sends the event to the consumer's dead-letter
 * topic with the message as its reason.
 */
public final class EventFields {

	private static final Pattern REGION = Pattern.compile("[a-z]{2,10}(-[a-z0-9]{1,20}){1,4}");

	/**
	 * IDs as the platform writes them: 1 to 128 letters, digits, {@code .}, {@code _},
	 * {@code :} or {@code -}, starting with a letter or digit. The service catalogue
	 * names services with colons, and permission-service passes them on.
	 */
	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

	private static final Pattern VERSION = Pattern.compile("draft|[1-9][0-9]{0,8}");

	private static final int MAX_REGIONS = 100;

	private EventFields() {
	}

	/**
	 * Whether a value is an ID an event may carry.
	 * @param value the value
	 * @return whether it is
	 */
	public static boolean isId(@Nullable String value) {
		return value != null && ID.matcher(value).matches();
	}

	/**
	 * An ID: a package, account, service or image ID.
	 * @param value the field's value
	 * @param field the field's name, for the reason
	 * @return the value
	 */
	public static String id(@Nullable String value, String field) {
		if (!isId(value)) {
			throw new IllegalArgumentException(field + " is not a valid ID: " + abbreviate(value));
		}
		return value;
	}

	/**
	 * Every ID of a list.
	 * @param values the field's values
	 * @param field the field's name, for the reason
	 * @return the values
	 */
	public static List<String> ids(List<String> values, String field) {
		return values.stream().map((value) -> id(value, field)).toList();
	}

	/**
	 * Whether a value has a region ID's shape, such as {@code cn-hangzhou}: the one rule
	 * for region IDs that the services apply outside package-service's catalogue.
	 * @param value the value
	 * @return whether it has
	 */
	public static boolean isRegion(@Nullable String value) {
		return value != null && REGION.matcher(value).matches();
	}

	/**
	 * A region ID, by its shape.
	 * @param region the field's value
	 * @return the region
	 */
	public static String region(@Nullable String region) {
		if (!isRegion(region)) {
			throw new IllegalArgumentException("Not a region ID: " + abbreviate(region));
		}
		return region;
	}

	/**
	 * The regions of a version: 1 to 100 region IDs, none twice, as package-service's API
	 * has them.
	 * @param regions the field's values
	 * @return the regions, in order
	 */
	public static List<String> regions(List<String> regions) {
		if (regions.isEmpty() || regions.size() > MAX_REGIONS) {
			throw new IllegalArgumentException(
					"An event names 1 to " + MAX_REGIONS + " regions, not " + regions.size());
		}
		Set<String> seen = new HashSet<>();
		for (String region : regions) {
			if (!seen.add(region(region))) {
				throw new IllegalArgumentException("Region " + abbreviate(region) + " is listed twice");
			}
		}
		return List.copyOf(regions);
	}

	/**
	 * An image's content, checked as every consumer checks it, so that none applies what
	 * another refuses: the source region, a custom image's ID, a marketplace image's
	 * product code, and a size, when given, from 1 to 100,000 GiB.
	 * @param content the content
	 * @return the content
	 */
	public static ImageContent imageContent(ImageContent content) {
		region(content.getSourceRegion());
		Integer size = content.getImageSizeGib();
		if (size != null && (size < 1 || size > 100_000)) {
			throw new IllegalArgumentException("imageSizeGib must lie between 1 and 100000, not " + size);
		}
		switch (content.getImageType()) {
			case CUSTOM -> id(content.getSourceImageId(), "sourceImageId of a CUSTOM image");
			case MARKETPLACE ->
				id(content.getMarketplaceProductCode(), "marketplaceProductCode of a MARKETPLACE image");
			default -> throw new IllegalArgumentException("Unknown image type " + content.getImageType());
		}
		return content;
	}

	/**
	 * A published version's number.
	 * @param number the field's value
	 * @return the number
	 */
	public static int versionNumber(int number) {
		if (number < 1) {
			throw new IllegalArgumentException("A published version number is at least 1, not " + number);
		}
		return number;
	}

	/**
	 * Whether a value names a version as services and their usages do.
	 * @param version the value
	 * @return whether it is {@code draft} or a number from 1
	 */
	public static boolean isVersionName(@Nullable String version) {
		return version != null && VERSION.matcher(version).matches();
	}

	/**
	 * A version as services and their usages name it: {@code draft}, or a published
	 * version's number.
	 * @param version the field's value
	 * @param field the field's name, for the reason
	 * @return the version
	 */
	public static String versionName(@Nullable String version, String field) {
		if (!isVersionName(version)) {
			throw new IllegalArgumentException(
					field + " names version " + abbreviate(version) + "; a version is 'draft' or a number from 1");
		}
		return version;
	}

	/**
	 * A share of a copy done.
	 * @param percent the field's value
	 * @return the percentage
	 */
	public static int percent(int percent) {
		if (percent < 0 || percent > 100) {
			throw new IllegalArgumentException("A percentage lies between 0 and 100, not " + percent);
		}
		return percent;
	}

	/**
	 * An attempt's number, or a count of attempts.
	 * @param attempts the field's value
	 * @return the number
	 */
	public static int attempts(int attempts) {
		if (attempts < 1) {
			throw new IllegalArgumentException("Attempts are counted from 1, not " + attempts);
		}
		return attempts;
	}

	/**
	 * A revision, counted from 0.
	 * @param revision the field's value
	 * @param what what it is the revision of, for the reason
	 * @return the revision
	 */
	public static long revision(long revision, String what) {
		if (revision < 0) {
			throw new IllegalArgumentException("A " + what + " revision is at least 0, not " + revision);
		}
		return revision;
	}

	private static String abbreviate(@Nullable String value) {
		if (value == null) {
			return "none";
		}
		return (value.length() <= 80) ? "'" + value + "'" : "'" + value.substring(0, 80) + "…'";
	}

}
