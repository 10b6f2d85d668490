package dev.imagepack.mapping.access;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.imagepack.platform.identity.Caller;

/**
 * A package's visibility as the permission-service last reported it. Reports carry a
 * monotonic revision and only the highest one counts, so a late or repeated report
 * changes nothing.
 *
 * @param level who may use the package
 * @param allowedAccountIds the accounts besides the owner that may use it when the level
 * is {@link AccessLevel#WHITELIST}
 * @param revision the report's revision; {@code -1} before any report
 */
public record PackageAccess(AccessLevel level, List<String> allowedAccountIds, long revision) {

	/** What a package has before any visibility was reported: its owner only. */
	public static final PackageAccess UNREPORTED = new PackageAccess(AccessLevel.PRIVATE, List.of(), -1);

	public PackageAccess {
		allowedAccountIds = List.copyOf(allowedAccountIds);
	}

	/**
	 * The report to keep of this one and another: the higher revision, and for equal
	 * revisions the larger content, so that the choice never depends on arrival order.
	 * @param other another report
	 * @return the one to keep
	 */
	public PackageAccess newest(PackageAccess other) {
		if (other.revision != this.revision) {
			return (other.revision > this.revision) ? other : this;
		}
		return (other.toString().compareTo(toString()) > 0) ? other : this;
	}

	/**
	 * Whether a caller may use the package: its owner and operators always may, others as
	 * the level allows.
	 * @param caller the caller
	 * @param ownerAccountId the package's owner, or null while unknown
	 * @return true if the caller is admitted
	 */
	public boolean admits(Caller caller, @Nullable String ownerAccountId) {
		if (caller.isOperator() || caller.accountId().equals(ownerAccountId)) {
			return true;
		}
		return switch (this.level) {
			case PUBLIC -> true;
			case WHITELIST -> this.allowedAccountIds.contains(caller.accountId());
			case PRIVATE -> false;
		};
	}

}
