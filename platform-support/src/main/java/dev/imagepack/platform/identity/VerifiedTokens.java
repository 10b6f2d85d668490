package dev.imagepack.platform.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A {@link JwtDecoder} that remembers the tokens it verified, so that a client sending
 * the same token again is not verified again on every request: checking a token's
 * signature and claims was the largest part of a lookup's cost. Only a token the decoder
 * accepted is kept, keyed by its exact text, so a changed signature or claim is a
 * different key and is verified; a kept token is answered only until it expires, and is
 * kept at most {@code lifetime}, which bounds how long a signing key withdrawn from a JWK
 * set is still honoured.
 */
final class VerifiedTokens implements JwtDecoder {

	private final JwtDecoder decoder;

	private final Clock clock;

	private final Cache<String, Jwt> verified;

	/**
	 * @param decoder the decoder that verifies
	 * @param maximumSize how many tokens to keep at most
	 * @param lifetime how long to keep a token at most
	 * @param clock the time expiry is checked against
	 */
	VerifiedTokens(JwtDecoder decoder, long maximumSize, Duration lifetime, Clock clock) {
		this.decoder = decoder;
		this.clock = clock;
		this.verified = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(lifetime).build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt kept = this.verified.getIfPresent(token);
		if (kept != null && isCurrent(kept)) {
			return kept;
		}
		Jwt decoded = this.decoder.decode(token);
		if (isCurrent(decoded)) {
			this.verified.put(token, decoded);
		}
		return decoded;
	}

	/**
	 * Whether a token is still within its lifetime. Stricter than the decoder's own
	 * check, which allows for clock skew: a token past its expiry is verified again each
	 * time.
	 */
	private boolean isCurrent(Jwt jwt) {
		Instant expiresAt = jwt.getExpiresAt();
		return expiresAt != null && this.clock.instant().isBefore(expiresAt);
	}

}
