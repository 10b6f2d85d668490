package dev.imagepack.replication.cloud;

/**
 * Why a cloud call failed, and whether trying again can help. The names are the failure
 * codes that {@code RegionReplicated} reports.
 */
public enum CloudFailure {

	/** The source image does not exist, or the platform cannot read it. */
	SOURCE_IMAGE_NOT_FOUND(false),

	/** The region holds as many images as the account may have. */
	QUOTA_EXCEEDED(false),

	/** The platform account may not perform the call. */
	PERMISSION_DENIED(false),

	/** The marketplace product is not offered in the region. */
	PRODUCT_NOT_OFFERED(false),

	/**
	 * The copy in the source region, from which the other regions are copied, failed or
	 * was removed.
	 */
	SOURCE_COPY_FAILED(false),

	/** The cloud refused the request as malformed. */
	INVALID_REQUEST(false),

	/** The cloud asked to slow down. */
	THROTTLED(true),

	/** The cloud did not answer, or answered with a server error. */
	SERVICE_UNAVAILABLE(true),

	/** A started copy failed in the cloud. */
	COPY_FAILED(true),

	/** A copy took longer than allowed. */
	TIMED_OUT(true);

	private final boolean retryable;

	CloudFailure(boolean retryable) {
		this.retryable = retryable;
	}

	/**
	 * Whether the same call may succeed later.
	 * @return true for transient failures
	 */
	public boolean isRetryable() {
		return this.retryable;
	}

}
