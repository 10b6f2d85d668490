package dev.imagepack.platform.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A {@link JwtDecoder} in front of the one that verifies, which does two things.
 * <ul>
 * <li>It refuses a token whose signature is not in canonical base64url form. The last
 * character of a base64url signature has spare bits, and a lenient decoder reads several
 * spellings of it as the same signature, so a token could be sent in variants that all
 * verify; only the spelling the signer wrote is accepted.</li>
 * <li>It remembers the tokens it verified, so that a client sending the same token again
 * is not verified again on every request: checking a token's signature and claims was the
 * largest part of a lookup's cost. Only a token the decoder accepted is kept, keyed by
 * its exact text, so a changed signature or claim is a different key and is verified; a
 * kept token is answered only until it expires, and is kept at most {@code lifetime},
 * which bounds how long a signing key withdrawn from a JWK set is still honoured. What is
 * kept is bounded by the total length of the kept tokens, and a token longer than
 * {@value #LONGEST_KEPT} characters is never kept, so that many large tokens cannot fill
 * the heap with their decoded claims.</li>
 * </ul>
 */
final class VerifiedTokens implements JwtDecoder {

	/** The longest token kept, in characters; longer ones are verified every time. */
	static final int LONGEST_KEPT = 2048;

	private final JwtDecoder decoder;

	private final Clock clock;

	private final @Nullable Cache<String, Jwt> verified;

	/**
	 * @param decoder the decoder that verifies
	 * @param capacity how many characters of token text to keep at most; 0 keeps none
	 * @param lifetime how long to keep a token at most
	 * @param clock the time expiry is checked against
	 */
	VerifiedTokens(JwtDecoder decoder, long capacity, Duration lifetime, Clock clock) {
		this.decoder = decoder;
		this.clock = clock;
		this.verified = (capacity <= 0) ? null
				: Caffeine.newBuilder()
					.maximumWeight(capacity)
					.weigher((String token, Jwt jwt) -> token.length())
					.expireAfterWrite(lifetime)
					.build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Cache<String, Jwt> kept = (token.length() <= LONGEST_KEPT) ? this.verified : null;
		// A kept token passed every check when it was kept, and is kept by its exact
		// text.
		Jwt found = (kept != null) ? kept.getIfPresent(token) : null;
		if (found != null && isCurrent(found)) {
			return found;
		}
		requireCanonicalSignature(token);
		Jwt decoded = this.decoder.decode(token);
		if (kept != null && isCurrent(decoded)) {
			kept.put(token, decoded);
		}
		return decoded;
	}

	/**
	 * How many characters of token text are kept now; for tests.
	 */
	long keptLength() {
		if (this.verified == null) {
			return 0;
		}
		this.verified.cleanUp();
		return this.verified.policy().eviction().map((eviction) -> eviction.weightedSize().orElse(0)).orElse(0L);
	}

	/**
	 * Refuses a signature that is not spelled exactly as its bytes encode in base64url
	 * without padding: padding, the standard alphabet's characters, spare bits set, a
	 * length no encoding has. The decoder behind reads some of those leniently. A token
	 * without a signature is left to the decoder, which refuses it with its own reason.
	 */
	private static void requireCanonicalSignature(String token) {
		int dot = token.lastIndexOf('.');
		if (dot < 0 || dot == token.length() - 1) {
			return;
		}
		String signature = token.substring(dot + 1);
		for (int i = 0; i < signature.length(); i++) {
			if (!isBase64UrlCharacter(signature.charAt(i))) {
				throw notCanonical();
			}
		}
		byte[] bytes;
		try {
			bytes = Base64.getUrlDecoder().decode(signature);
		}
		catch (IllegalArgumentException ex) {
			throw notCanonical();
		}
		if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(signature)) {
			throw notCanonical();
		}
	}

	private static boolean isBase64UrlCharacter(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
	}

	private static BadJwtException notCanonical() {
		return new BadJwtException("The token's signature is not in canonical base64url form");
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
