package dev.imagepack.packages.idempotency;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The first request an account made with one {@code Idempotency-Key}, and once it
 * finished, the answer it got.
 *
 * @param id the account and the key
 * @param requestHash SHA-256 of the method, path, query and body
 * @param completed whether the first request has finished
 * @param status the answer's status
 * @param contentType the answer's content type
 * @param location the answer's {@code Location}
 * @param etag the answer's {@code ETag}
 * @param body the answer's body
 * @param createdAt when the first request arrived; records expire a day later
 */
@Document("idempotency_keys")
record IdempotencyRecord(@Id String id, String requestHash, boolean completed, int status, @Nullable String contentType,
		@Nullable String location, @Nullable String etag, @Nullable String body,
		@Indexed(expireAfter = "24h") Instant createdAt) {

	/** A request that has not finished after this long was cut off by a crash. */
	static final int ABANDONED_AFTER_SECONDS = 30;

	/**
	 * Records live a day. The TTL index removes them from MongoDB; this check covers
	 * stores without TTL indexes, such as the embedded one.
	 */
	static final Duration LIFETIME = Duration.ofDays(1);

	boolean isAbandonedOrExpired(Instant now) {
		Duration age = Duration.between(this.createdAt, now);
		return age.compareTo(LIFETIME) > 0 || (!this.completed && age.getSeconds() >= ABANDONED_AFTER_SECONDS);
	}

	static IdempotencyRecord started(String id, String requestHash, Instant now) {
		return new IdempotencyRecord(id, requestHash, false, 0, null, null, null, null, now);
	}

	IdempotencyRecord completed(int status, @Nullable String contentType, @Nullable String location,
			@Nullable String etag, String body) {
		return new IdempotencyRecord(this.id, this.requestHash, true, status, contentType, location, etag, body,
				this.createdAt);
	}

}
