package dev.imagepack.replication.cloud;

/**
 * A cloud call that failed, with the kind of failure.
 */
public class CloudException extends RuntimeException {

	private final CloudFailure failure;

	public CloudException(CloudFailure failure, String message) {
		super(message);
		this.failure = failure;
	}

	public CloudException(CloudFailure failure, String message, Throwable cause) {
		super(message, cause);
		this.failure = failure;
	}

	/**
	 * What kind of failure it was.
	 * @return the failure
	 */
	public CloudFailure failure() {
		return this.failure;
	}

}
