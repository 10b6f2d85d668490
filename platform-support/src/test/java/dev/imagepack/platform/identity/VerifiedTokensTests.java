package dev.imagepack.platform.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VerifiedTokensTests {

	private static final SecretKeySpec KEY = new SecretKeySpec("verified-tokens-tests-secret-of-32-bytes".getBytes(),
			"HmacSHA256");

	private final AtomicInteger verifications = new AtomicInteger();

	private final NimbusJwtDecoder nimbus = NimbusJwtDecoder.withSecretKey(KEY)
		.macAlgorithm(MacAlgorithm.HS256)
		.build();

	private final JwtDecoder counting = (token) -> {
		this.verifications.incrementAndGet();
		return this.nimbus.decode(token);
	};

	@Test
	void aTokenSentAgainIsAnsweredWithoutVerifyingItAgain() {
		VerifiedTokens tokens = new VerifiedTokens(this.counting, 1_000_000, Duration.ofMinutes(5), Clock.systemUTC());
		String token = sign("isv-1", Instant.now().plusSeconds(600));

		Jwt first = tokens.decode(token);
		Jwt second = tokens.decode(token);

		assertThat(second.getClaimAsString("account_id")).isEqualTo("isv-1");
		assertThat(second).isSameAs(first);
		assertThat(this.verifications).hasValue(1);
	}

	@Test
	void aTokenWithAChangedSignatureIsVerifiedAndRejectedAfterTheGenuineOneWasKept() {
		VerifiedTokens tokens = new VerifiedTokens(this.counting, 1_000_000, Duration.ofMinutes(5), Clock.systemUTC());
		String token = sign("isv-1", Instant.now().plusSeconds(600));
		tokens.decode(token);
		// The signature's first character, all of whose bits count; two bits of the last
		// one are spare, and a change of only those is refused before any verification.
		int at = token.lastIndexOf('.') + 1;
		String tampered = token.substring(0, at) + ((token.charAt(at) == 'A') ? 'B' : 'A') + token.substring(at + 1);

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> tokens.decode(tampered));
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> tokens.decode(tampered));
		assertThat(this.verifications).hasValue(3);
	}

	@Test
	void aSignatureSpelledWithOtherSpareBitsIsRefusedThoughItDecodesToTheSameBytes() {
		VerifiedTokens tokens = new VerifiedTokens(this.counting, 1_000_000, Duration.ofMinutes(5), Clock.systemUTC());
		String token = sign("isv-1", Instant.now().plusSeconds(600));
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		char last = token.charAt(token.length() - 1);
		String sibling = token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);

		assertThat(this.nimbus.decode(sibling).getClaimAsString("account_id")).isEqualTo("isv-1");
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> tokens.decode(sibling))
			.withMessageContaining("canonical");
		assertThat(tokens.decode(token).getClaimAsString("account_id")).isEqualTo("isv-1");
	}

	@Test
	void aSignatureWithPaddingOrInTheStandardAlphabetIsRefused() {
		VerifiedTokens tokens = new VerifiedTokens(this.counting, 1_000_000, Duration.ofMinutes(5), Clock.systemUTC());
		String token = sign("isv-1", Instant.now().plusSeconds(600));
		int at = token.lastIndexOf('.') + 1;
		byte[] signature = Base64.getUrlDecoder().decode(token.substring(at));
		String standard = token.substring(0, at) + Base64.getEncoder().encodeToString(signature);

		for (String variant : List.of(token + "=", token + "==", token + "===", standard, token + "AA")) {
			assertThatExceptionOfType(JwtException.class).as(variant)
				.isThrownBy(() -> tokens.decode(variant))
				.withMessageContaining("canonical");
		}
		assertThat(this.verifications).hasValue(0);
		assertThat(tokens.decode(token).getClaimAsString("account_id")).isEqualTo("isv-1");
	}

	@Test
	void manyLargeTokensKeepNoMoreThanTheCapacityAndTheLargestAreNeverKept() {
		VerifiedTokens tokens = new VerifiedTokens(this.counting, 100_000, Duration.ofMinutes(5), Clock.systemUTC());
		String padding = "r".repeat(600);
		for (int i = 0; i < 500; i++) {
			tokens.decode(sign("isv-" + i + "-" + padding, Instant.now().plusSeconds(600)));
		}
		String huge = sign("isv-huge-" + "r".repeat(3000), Instant.now().plusSeconds(600));
		tokens.decode(huge);
		tokens.decode(huge);

		assertThat(tokens.keptLength()).isPositive().isLessThanOrEqualTo(100_000);
		assertThat(this.verifications).hasValue(502);
	}

	@Test
	void withNoCapacityEveryRequestIsVerified() {
		VerifiedTokens tokens = new VerifiedTokens(this.counting, 0, Duration.ofMinutes(5), Clock.systemUTC());
		String token = sign("isv-1", Instant.now().plusSeconds(600));

		tokens.decode(token);
		tokens.decode(token);

		assertThat(this.verifications).hasValue(2);
		assertThat(tokens.keptLength()).isZero();
	}

	@Test
	void aKeptTokenPastItsExpiryIsVerifiedAgain() {
		MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
		JwtDecoder issuedUntilNoon = (token) -> {
			this.verifications.incrementAndGet();
			return Jwt.withTokenValue(token)
				.header("alg", "HS256")
				.claim("account_id", "isv-1")
				.expiresAt(Instant.parse("2026-12-05T12:00:00Z"))
				.build();
		};
		VerifiedTokens tokens = new VerifiedTokens(issuedUntilNoon, 1_000_000, Duration.ofDays(1), clock);

		tokens.decode("a.b.AA");
		tokens.decode("a.b.AA");
		clock.now = Instant.parse("2026-12-05T12:00:00Z");
		tokens.decode("a.b.AA");

		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void aTokenWithoutExpiryIsNeverKept() {
		JwtDecoder noExpiry = (token) -> {
			this.verifications.incrementAndGet();
			return Jwt.withTokenValue(token).header("alg", "HS256").claim("account_id", "isv-1").build();
		};
		VerifiedTokens tokens = new VerifiedTokens(noExpiry, 1_000_000, Duration.ofDays(1), Clock.systemUTC());

		tokens.decode("a.b.AA");
		tokens.decode("a.b.AA");

		assertThat(this.verifications).hasValue(2);
	}

	private static String sign(String accountId, Instant expiresAt) {
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableSecret<>(KEY));
		JwtClaimsSet claims = JwtClaimsSet.builder().claim("account_id", accountId).expiresAt(expiresAt).build();
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

	private static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
