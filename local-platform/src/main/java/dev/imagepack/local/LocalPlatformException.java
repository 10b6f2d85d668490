package dev.imagepack.local;

/**
 * Thrown when the local platform cannot start, with a message meant for the user as it is
 * (which port is taken, which file is locked, and what to change).
 */
public class LocalPlatformException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with a user-facing message.
	 * @param message what went wrong and what to do about it
	 */
	public LocalPlatformException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a user-facing message and the underlying failure.
	 * @param message what went wrong and what to do about it
	 * @param cause the underlying failure
	 */
	public LocalPlatformException(String message, Throwable cause) {
		super(message, cause);
	}

}
