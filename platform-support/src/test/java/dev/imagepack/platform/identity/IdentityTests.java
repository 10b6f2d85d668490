package dev.imagepack.platform.identity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "imagepack.identity.hmac-secret=" + IdentityTests.SECRET, "imagepack.identity.dev-tokens=true",
				"spring.mvc.problemdetails.enabled=true", "spring.cloud.stream.kafka.binder.brokers=127.0.0.1:1" })
class IdentityTests {

	static final String SECRET = "identity-tests-secret-of-at-least-32-bytes";

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Value("${local.server.port}")
	private int port;

	@Test
	void aMintedDevelopmentTokenNamesTheCallersAccountAndRoles() throws Exception {
		String token = mint("{\"accountId\":\"isv-1001\",\"roles\":[\"operator\"]}").get("token").asString();

		HttpResponse<String> response = get("/v1/whoami", token, null);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode caller = this.json.readTree(response.body());
		assertThat(caller.get("accountId").asString()).isEqualTo("isv-1001");
		assertThat(caller.get("roles").get(0).asString()).isEqualTo("operator");
	}

	@Test
	void verifiedTokensAreKeptByTheDecoderTheResourceServerUses(@Autowired JwtDecoder decoder) throws Exception {
		String token = mint("{\"accountId\":\"isv-1002\"}").get("token").asString();

		assertThat(get("/v1/whoami", token, null).statusCode()).isEqualTo(200);
		assertThat(get("/v1/whoami", token, null).statusCode()).isEqualTo(200);
		assertThat(decoder).isInstanceOf(VerifiedTokens.class);
	}

	@Test
	void springSecuritysObservationsAreOffAndTheRequestObservationStays(@Autowired ObservationRegistry observations,
			@Autowired SecurityObservationSettings securityObservations) {
		assertThat(securityObservations.shouldObserveRequests()).isFalse();
		assertThat(securityObservations.shouldObserveAuthentications()).isFalse();
		assertThat(securityObservations.shouldObserveAuthorizations()).isFalse();
		assertThat(Observation.createNotStarted("spring.security.filterchains", observations).isNoop()).isTrue();
		assertThat(Observation.createNotStarted("spring.security.authentications", observations).isNoop()).isTrue();
		assertThat(Observation.createNotStarted("http.server.requests", observations).isNoop()).isFalse();
	}

	@Test
	void aRequestWithoutTokenIsUnauthorizedWithAProblem() throws Exception {
		HttpResponse<String> response = get("/v1/whoami", null, null);

		assertUnauthorized(response, "Send a valid bearer token");
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("Bearer"));
	}

	@Test
	void aClientSuppliedAccountHeaderIsNotTrusted() throws Exception {
		HttpResponse<String> response = get("/v1/whoami", null, "isv-1001");

		assertUnauthorized(response, "bearer token");
	}

	@Test
	void aMalformedTokenIsUnauthorized() throws Exception {
		assertUnauthorized(get("/v1/whoami", "not-a-jwt", null), "Send a valid bearer token");
	}

	@Test
	void aTokenSignedWithAnotherSecretIsUnauthorized() throws Exception {
		String forged = sign("another-secret-that-is-also-32-bytes-long", "isv-1001", Instant.now().plusSeconds(60));

		assertUnauthorized(get("/v1/whoami", forged, null), "Send a valid bearer token");
	}

	@Test
	void anExpiredTokenIsUnauthorized() throws Exception {
		String expired = sign(SECRET, "isv-1001", Instant.now().minusSeconds(3600));

		assertUnauthorized(get("/v1/whoami", expired, null), "expired");
	}

	@Test
	void aTokenWithoutExpiryIsUnauthorized() throws Exception {
		String everlasting = sign(SECRET, "isv-1001", null, "imagepack-local");

		assertUnauthorized(get("/v1/whoami", everlasting, null), "exp");
	}

	@Test
	void aTokenFromAnotherIssuerIsUnauthorized() throws Exception {
		String foreign = sign(SECRET, "isv-1001", Instant.now().plusSeconds(60), "someone-else");

		assertUnauthorized(get("/v1/whoami", foreign, null), "iss");
	}

	@Test
	void aTokenWithoutIssuerIsUnauthorized() throws Exception {
		String anonymous = sign(SECRET, "isv-1001", Instant.now().plusSeconds(60), null);

		assertUnauthorized(get("/v1/whoami", anonymous, null), "iss");
	}

	@Test
	void aTokenWhoseAccountIsNoAccountIdIsUnauthorized() throws Exception {
		String odd = sign(SECRET, "draft; drop", Instant.now().plusSeconds(60));

		assertUnauthorized(get("/v1/whoami", odd, null), "not an account ID");
	}

	@Test
	void aTokenWithoutAccountClaimIsUnauthorized() throws Exception {
		String anonymous = sign(SECRET, null, Instant.now().plusSeconds(60));

		assertUnauthorized(get("/v1/whoami", anonymous, null), "The token has no account_id claim");
	}

	@Test
	void aDevelopmentTokenWithMoreRolesThanTheLimitIsABadRequest() throws Exception {
		String roles = String.join(",", Collections.nCopies(17, "\"operator\""));
		HttpResponse<String> response = post("/dev/tokens", "{\"accountId\":\"isv-1\",\"roles\":[" + roles + "]}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(response.body()).get("detail").asString()).contains("at most 16 roles");
	}

	@Test
	void aDevelopmentTokenRequestWithSeveralBadValuesListsEveryOne() throws Exception {
		HttpResponse<String> response = post("/dev/tokens", "{\"accountId\":\"\",\"roles\":[\"operator\",\"Root!\"]}");

		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).endsWith("/invalid-request");
		assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("accountId", "roles[1]");
	}

	@Test
	void aDevelopmentTokenWithARoleTheServicesDoNotKnowIsABadRequest() throws Exception {
		HttpResponse<String> response = post("/dev/tokens", "{\"accountId\":\"ops.team-1\",\"roles\":[\"admin\"]}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(response.body()).get("detail").asString())
			.contains("roles[0]: must be a role the services know: [operator]");
	}

	@Test
	void aDevelopmentTokenForAMalformedAccountIsABadRequest() throws Exception {
		HttpResponse<String> response = post("/dev/tokens", "{\"accountId\":\"../../etc\"}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(this.json.readTree(response.body()).get("detail").asString())
			.contains("accountId: must be 1 to 128");
	}

	@Test
	void aRefusedRequestIsAnsweredWithItsProblemTypeTitleStatusAndProperties() throws Exception {
		String token = mint("{\"accountId\":\"isv-1001\"}").get("token").asString();

		HttpResponse<String> response = get("/v1/widgets/w-42", token, null);

		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("https://imagepack.dev/problems/widget-not-found");
		assertThat(problem.get("title").asString()).isEqualTo("Widget not found");
		assertThat(problem.get("detail").asString()).isEqualTo("No widget w-42");
		assertThat(problem.get("widgetId").asString()).isEqualTo("w-42");
	}

	@Test
	void healthNeedsNoToken() throws Exception {
		assertThat(get("/actuator/health", null, null).statusCode()).as("UP, or DOWN without a broker").isIn(200, 503);
	}

	@Test
	void aMissingSecretFailsWithWhatToSet() {
		assertThatIllegalStateException().isThrownBy(() -> IdentityAutoConfiguration.secretKey("too-short"))
			.withMessageContaining("imagepack.identity.hmac-secret")
			.withMessageContaining("issuer-uri");
	}

	private void assertUnauthorized(HttpResponse<String> response, String detail) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("https://imagepack.dev/problems/unauthenticated");
		assertThat(problem.get("status").asInt()).isEqualTo(401);
		assertThat(problem.get("detail").asString()).contains(detail);
	}

	private JsonNode mint(String body) throws Exception {
		HttpResponse<String> response = post("/dev/tokens", body);
		assertThat(response.statusCode()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private static String sign(String secret, String accountId, Instant expiresAt) {
		return sign(secret, accountId, expiresAt, "imagepack-local");
	}

	private static String sign(String secret, String accountId, Instant expiresAt, String issuer) {
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(
				new ImmutableSecret<>(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.subject("someone")
			.issuedAt(((expiresAt != null) ? expiresAt : Instant.now()).minusSeconds(120))
			.claim("roles", List.of());
		if (expiresAt != null) {
			claims.expiresAt(expiresAt);
		}
		if (issuer != null) {
			claims.issuer(issuer);
		}
		if (accountId != null) {
			claims.claim("account_id", accountId);
		}
		return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
			.getTokenValue();
	}

	private HttpResponse<String> get(String path, String token, String accountHeader) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (accountHeader != null) {
			request.header("X-Account-Id", accountHeader);
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body))
			.build(), BodyHandlers.ofString());
	}

}
