package dev.imagepack.replication.cloud.simulator;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.imagepack.replication.cloud.CloudFailure;

/**
 * A failure the simulated cloud injects into matching calls.
 *
 * @param operation the call it affects, or null for every call
 * @param region the region it affects, or null for every region
 * @param sourceImageId the source image it affects, or null for every image
 * @param failure what the call fails with
 * @param rate the share of matching calls that fail, from 0 to 1
 * @param times how many calls fail at most; 0 for no limit
 * @param midCopy for {@link Operation#COPY}: the copy starts, then fails halfway, as a
 * copy in the cloud can
 */
public record FailureRule(@Nullable Operation operation, @Nullable String region, @Nullable String sourceImageId,
		CloudFailure failure, @DefaultValue("1.0") double rate, @DefaultValue("0") int times,
		@DefaultValue("false") boolean midCopy) {

	public FailureRule {
		if (rate < 0 || rate > 1) {
			throw new IllegalArgumentException("A failure rate lies between 0 and 1, not " + rate);
		}
		if (times < 0) {
			throw new IllegalArgumentException("A failure rule's times must not be negative");
		}
	}

	/**
	 * A rule that fails every matching call.
	 * @param operation the call
	 * @param region the region, or null for all
	 * @param failure the failure
	 * @return the rule
	 */
	public static FailureRule always(Operation operation, @Nullable String region, CloudFailure failure) {
		return new FailureRule(operation, region, null, failure, 1.0, 0, false);
	}

	/**
	 * A copy of this rule that fails at most a number of calls.
	 * @param count how many
	 * @return the rule
	 */
	public FailureRule times(int count) {
		return new FailureRule(this.operation, this.region, this.sourceImageId, this.failure, this.rate, count,
				this.midCopy);
	}

	/**
	 * A copy of this rule that only affects one source image.
	 * @param imageId the source image ID
	 * @return the rule
	 */
	public FailureRule forSourceImage(String imageId) {
		return new FailureRule(this.operation, this.region, imageId, this.failure, this.rate, this.times, this.midCopy);
	}

	/**
	 * A copy of this rule whose copies start and then fail halfway.
	 * @return the rule
	 */
	public FailureRule halfway() {
		return new FailureRule(this.operation, this.region, this.sourceImageId, this.failure, this.rate, this.times,
				true);
	}

	boolean matches(Operation call, String callRegion, @Nullable String callSourceImageId) {
		return (this.operation == null || this.operation == call)
				&& (this.region == null || this.region.equals(callRegion))
				&& (this.sourceImageId == null || this.sourceImageId.equals(callSourceImageId));
	}

	/**
	 * The calls of the cloud port.
	 */
	public enum Operation {

		/** Starting a copy. */
		COPY,

		/** Describing a copy. */
		DESCRIBE,

		/** Deleting an image. */
		DELETE,

		/** Finding a marketplace product's image. */
		RESOLVE,

		/** Sharing an image. */
		SHARE

	}

}
