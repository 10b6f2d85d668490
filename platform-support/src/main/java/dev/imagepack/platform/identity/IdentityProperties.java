package dev.imagepack.platform.identity;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How callers are identified. Production sets
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri};
 * the embedded default verifies HS256 tokens signed with {@code hmac-secret} instead.
 *
 * @param hmacSecret shared secret for HS256 tokens, at least 32 bytes; ignored when an
 * issuer or JWK set URI is configured
 * @param accountClaim claim that holds the caller's account ID
 * @param rolesClaim claim that holds the caller's roles, as a list of strings
 * @param devTokens whether {@code POST /dev/tokens} mints tokens; for local development
 * only
 * @param devTokenLifetime how long a minted development token stays valid
 * @param hmacIssuer the issuer every HS256 token must name; development tokens are minted
 * with it
 * @param verifiedTokenCache how much token text each service keeps of the tokens it
 * verified, so as not to verify them again on every request; tokens longer than
 * {@value VerifiedTokens#LONGEST_KEPT} characters are never kept; 0 verifies every
 * request
 * @param verifiedTokenLifetime how long a verified token is kept at most (never beyond
 * its expiry)
 */
@ConfigurationProperties("imagepack.identity")
public record IdentityProperties(@Nullable String hmacSecret, @DefaultValue("account_id") String accountClaim,
		@DefaultValue("roles") String rolesClaim, @DefaultValue("false") boolean devTokens,
		@DefaultValue("12h") Duration devTokenLifetime, @DefaultValue("imagepack-local") String hmacIssuer,
		@DefaultValue("1MB") DataSize verifiedTokenCache, @DefaultValue("5m") Duration verifiedTokenLifetime) {

}
