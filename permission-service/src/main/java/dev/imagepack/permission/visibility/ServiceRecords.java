package dev.imagepack.permission.visibility;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.imagepack.events.PackageVersionRef;
import dev.imagepack.events.ServiceStatus;
import dev.imagepack.events.ServiceVisibilityChanged;
import dev.imagepack.platform.messaging.EventFields;

/**
 * Turns the catalogue's events into services, refusing what cannot describe one. The
 * consumer dead-letters a refused event; the development catalogue endpoint refuses the
 * request instead of publishing it.
 */
public final class ServiceRecords {

	/** The most package versions one service may name. */
	public static final int MAX_ASSOCIATIONS = 1_000;

	/** The most accounts one service may whitelist. */
	public static final int MAX_WHITELIST = 1_000;

	/**
	 * The highest revision a service may have: 2^53 - 1, the largest whole number a JSON
	 * reader that takes numbers as doubles (a browser console) keeps exact, and far
	 * enough below the largest {@code long} that a later revision can always follow.
	 */
	public static final long MAX_REVISION = (1L << 53) - 1;

	private ServiceRecords() {
	}

	/**
	 * The service an event describes, checked.
	 * @param changed the event
	 * @return the service
	 * @throws InvalidServiceException if the event cannot describe a service
	 */
	public static ServiceRecord of(ServiceVisibilityChanged changed) {
		String serviceId = id(changed.getServiceId(), "serviceId");
		if (changed.getStatus() != ServiceStatus.ACTIVE && changed.getStatus() != ServiceStatus.DELETED) {
			throw new InvalidServiceException("Service " + serviceId + " has status " + changed.getStatus()
					+ ", which this service does not know; nothing was changed");
		}
		if (changed.getRevision() < 0 || changed.getRevision() > MAX_REVISION) {
			throw new InvalidServiceException(
					"A service revision is 0 to " + MAX_REVISION + " (2^53 - 1), not " + changed.getRevision());
		}
		if (changed.getWhitelistAccountIds().size() > MAX_WHITELIST
				|| changed.getPackageVersions().size() > MAX_ASSOCIATIONS) {
			throw new InvalidServiceException("Service " + serviceId + " names more than " + MAX_WHITELIST
					+ " whitelisted accounts or " + MAX_ASSOCIATIONS + " package versions");
		}
		List<String> whitelist = new ArrayList<>();
		for (String account : changed.getWhitelistAccountIds()) {
			whitelist.add(id(account, "whitelistAccountIds[]"));
		}
		boolean active = changed.getStatus() == ServiceStatus.ACTIVE;
		List<ServiceRecord.PackageVersionRef> versions = new ArrayList<>();
		for (PackageVersionRef ref : changed.getPackageVersions()) {
			String version = ref.getVersion();
			if (!isVersion(version)) {
				throw new InvalidServiceException(
						"A package version is 'draft' or a number, not " + abbreviate(version));
			}
			ServiceRecord.PackageVersionRef named = new ServiceRecord.PackageVersionRef(
					id(ref.getPackageId(), "packageVersions[].packageId"), version);
			if (active && !versions.contains(named)) {
				versions.add(named);
			}
		}
		return new ServiceRecord(serviceId, id(changed.getOwnerAccountId(), "ownerAccountId"),
				changed.getVisibility().name(), List.copyOf(whitelist), List.copyOf(versions), active,
				changed.getRevision(), changed.getChangedAt());
	}

	/**
	 * Whether a value is an ID an event may carry.
	 * @param value the value
	 * @return true for 1 to 128 letters, digits, {@code .}, {@code _}, {@code :} or
	 * {@code -}, starting with a letter or digit
	 */
	public static boolean isId(@Nullable String value) {
		// The rule every consumer of events applies.
		return EventFields.isId(value);
	}

	/**
	 * Whether a value names a package version: {@code draft} or a number.
	 * @param value the value
	 * @return true if it does
	 */
	public static boolean isVersion(@Nullable String value) {
		return EventFields.isVersionName(value);
	}

	/**
	 * Checks an ID of an event.
	 * @param value the ID
	 * @param field where it stands
	 * @return the ID
	 * @throws InvalidServiceException if it is no valid ID
	 */
	public static String id(@Nullable String value, String field) {
		if (!isId(value)) {
			throw new InvalidServiceException(field + " is not a valid ID: " + abbreviate(value));
		}
		return value;
	}

	private static String abbreviate(@Nullable String value) {
		if (value == null) {
			return "null";
		}
		return (value.length() > 40) ? "'" + value.substring(0, 40) + "…'" : "'" + value + "'";
	}

	/**
	 * An event that cannot describe a service.
	 */
	public static class InvalidServiceException extends IllegalArgumentException {

		InvalidServiceException(String message) {
			super(message);
		}

	}

}
