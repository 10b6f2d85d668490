package dev.imagepack.mapping.version;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * Replication into the region failed for good; the owner may ask for a retry.
 */
public class ReplicationFailedException extends ApiProblem {

	public ReplicationFailedException(String packageId, String version, String region, @Nullable String failureCode,
			@Nullable String failureReason) {
		super("replication-failed", "Replication failed", 409,
				"Version " + version + " of package " + packageId + " could not be copied to " + region
						+ "; the owner may retry",
				Map.of("packageId", packageId, "version", version, "region", region, "failureCode",
						(failureCode != null) ? failureCode : "UNKNOWN", "failureReason",
						(failureReason != null) ? failureReason : "No reason given"));
	}

}
