package dev.imagepack.packages.deployment;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A fact a package raised; the messaging edge turns each into its published event while
 * the package still shows the state the fact describes.
 */
public sealed interface PackageEvent {

	/**
	 * When it happened.
	 * @return the instant
	 */
	Instant at();

	/**
	 * The draft was created or changed.
	 *
	 * @param at when
	 */
	record DraftSaved(Instant at) implements PackageEvent {
	}

	/**
	 * The draft was published with a number.
	 *
	 * @param number the version number
	 * @param at when
	 */
	record VersionPublished(int number, Instant at) implements PackageEvent {
	}

	/**
	 * Failed regions of a version are to be replicated again.
	 *
	 * @param number the version number
	 * @param regions the regions to retry
	 * @param at when
	 */
	record RetryRequested(int number, List<String> regions, Instant at) implements PackageEvent {
	}

	/**
	 * Every region of a version reported a final result.
	 *
	 * @param number the version number
	 * @param at when the last region reported
	 */
	record DistributionSettled(int number, Instant at) implements PackageEvent {
	}

	/**
	 * A version was deleted.
	 *
	 * @param number the version number, or null for the draft
	 * @param at when
	 */
	record VersionDeleted(@Nullable Integer number, Instant at) implements PackageEvent {
	}

	/**
	 * The package was deleted.
	 *
	 * @param at when
	 */
	record PackageDeleted(Instant at) implements PackageEvent {
	}

}
