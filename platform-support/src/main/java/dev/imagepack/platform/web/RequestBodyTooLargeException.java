package dev.imagepack.platform.web;

import java.io.IOException;

/**
 * A request body went past the configured limit while it was being read.
 */
public class RequestBodyTooLargeException extends IOException {

	private final long limit;

	RequestBodyTooLargeException(long limit) {
		super("The request body is larger than " + limit + " bytes");
		this.limit = limit;
	}

	/**
	 * The limit that was exceeded.
	 * @return the largest accepted body, in bytes
	 */
	public long limit() {
		return this.limit;
	}

}
