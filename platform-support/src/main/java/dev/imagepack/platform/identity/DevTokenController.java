package dev.imagepack.platform.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.imagepack.platform.problem.InvalidRequestException;
import dev.imagepack.platform.problem.Violation;

/**
 * Mints HS256 development tokens for the embedded default, so that a developer can call
 * the API with {@code curl}. Only registered when
 * {@code imagepack.identity.dev-tokens=true}; never enable it in production.
 */
@RestController
class DevTokenController {

	/**
	 * The roles the services act on; a token from an identity provider may carry others,
	 * which they ignore, but a development token asked for with one is a mistake.
	 */
	private static final Set<String> ROLES = Set.of(Caller.OPERATOR);

	static final int MAX_ROLES = 16;

	private final JwtEncoder encoder;

	private final IdentityProperties properties;

	private final Clock clock;

	DevTokenController(JwtEncoder encoder, IdentityProperties properties, Clock clock) {
		this.encoder = encoder;
		this.properties = properties;
		this.clock = clock;
	}

	@Operation(summary = "Mint a development token",
			description = "Signed with the development secret, for the account and roles asked for; "
					+ "only where development tokens are on (the embedded default).")
	@PostMapping("/dev/tokens")
	DevTokenResponse mint(@RequestBody DevTokenRequest request) {
		String accountId = request.accountId();
		List<String> roles = (request.roles() != null) ? request.roles() : List.of();
		List<Violation> violations = new ArrayList<>();
		if (accountId == null || !AccountClaimConverter.ACCOUNT_ID.matcher(accountId).matches()) {
			violations.add(new Violation("accountId",
					"must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit"));
		}
		if (roles.size() > MAX_ROLES) {
			violations.add(new Violation("roles", "A development token carries at most " + MAX_ROLES + " roles"));
		}
		else {
			for (int i = 0; i < roles.size(); i++) {
				String role = roles.get(i);
				if (role == null || !ROLES.contains(role)) {
					violations.add(new Violation("roles[" + i + "]", "must be a role the services know: " + ROLES));
				}
			}
		}
		if (!violations.isEmpty()) {
			throw new InvalidRequestException(violations);
		}
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(this.properties.devTokenLifetime());
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.properties.hmacIssuer())
			.subject(accountId)
			.issuedAt(now)
			.expiresAt(expiresAt)
			.claim(this.properties.accountClaim(), accountId)
			.claim(this.properties.rolesClaim(), roles)
			.build();
		String token = this.encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
		return new DevTokenResponse(token, "Bearer", expiresAt);
	}

	/**
	 * What to put into a development token.
	 *
	 * @param accountId the account the token speaks for
	 * @param roles roles to grant, such as {@code operator}; none by default
	 */
	record DevTokenRequest(@Nullable String accountId, @Nullable List<String> roles) {

	}

	/**
	 * A minted token.
	 *
	 * @param token the compact JWT to send as {@code Authorization: Bearer <token>}
	 * @param tokenType always {@code Bearer}
	 * @param expiresAt when the token stops being accepted
	 */
	record DevTokenResponse(String token, String tokenType, Instant expiresAt) {

	}

}
