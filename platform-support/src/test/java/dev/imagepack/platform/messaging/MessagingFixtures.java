package dev.imagepack.platform.messaging;

import java.time.Instant;

import dev.imagepack.events.RegionReplicated;

/**
 * Events the messaging tests consume.
 */
final class MessagingFixtures {

	private MessagingFixtures() {
	}

	/**
	 * A region of a package's version 1 replicated.
	 * @param packageId the package, also the event's key
	 * @return the event
	 */
	static RegionReplicated replicated(String packageId) {
		return RegionReplicated.newBuilder()
			.setPackageId(packageId)
			.setVersionNumber(1)
			.setRegion("cn-shanghai")
			.setSucceeded(true)
			.setRegionalImageId("m-uf6copy")
			.setAttempts(1)
			.setStartedAt(Instant.parse("2026-12-01T08:30:00Z"))
			.setFinishedAt(Instant.parse("2026-12-01T08:31:00Z"))
			.build();
	}

}
