package dev.imagepack.platform.problem;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "imagepack.identity.hmac-secret=problem-tests-secret-of-at-least-32-bytes",
				"imagepack.identity.dev-tokens=true", "imagepack.web.max-request-body=4KB",
				"spring.cloud.stream.kafka.binder.brokers=127.0.0.1:1" })
class RequestProblemTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Value("${local.server.port}")
	private int port;

	private String token;

	@BeforeEach
	void mintToken() throws Exception {
		HttpResponse<String> minted = send(HttpRequest.newBuilder(uri("/dev/tokens"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"accountId\":\"isv-1\"}")));
		this.token = this.json.readTree(minted.body()).get("token").asString();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"count\":1.5}", "{\"count\":\"12\"}", "{\"name\":12}", "{\"name\":true}",
			"{\"enabled\":\"yes\"}", "{\"enabled\":1}", "{\"count\":99999999999}" })
	void aFieldOfTheWrongJsonTypeIsRefusedWithItsName(String body) throws Exception {
		JsonNode problem = problem(postThing(body), 400);

		assertThat(problem.get("type").asString()).endsWith("/invalid-request");
		String field = body.substring(2, body.indexOf('"', 2));
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
	}

	@Test
	void aStoreThatDoesNotAnswerIsAServiceUnavailableProblemWithRetryAfter() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v1/things/t-1/stored"))
			.header("Authorization", "Bearer " + this.token)
			.GET());

		JsonNode problem = problem(response, 503);
		assertThat(problem.get("type").asString()).endsWith("/store-unavailable");
		assertThat(problem.get("detail").asString()).contains("read it back before retrying");
		assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
	}

	@Test
	void aNestedFieldOfTheWrongTypeIsNamedByItsPath() throws Exception {
		JsonNode problem = problem(postThing("{\"parts\":[{\"key\":\"a\"},{\"size\":\"big\"}]}"), 400);

		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("parts[1].size");
		assertThat(problem.get("errors").get(0).get("message").asString()).contains("whole JSON number");
	}

	@Test
	void aRepeatedKeyIsRefusedByItsName() throws Exception {
		JsonNode problem = problem(postThing("{\"parts\":[{\"key\":\"a\",\"key\":\"b\"}]}"), 400);

		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("parts[0].key");
	}

	@Test
	void aFieldTheRequestDoesNotHaveIsRefusedByItsName() throws Exception {
		JsonNode problem = problem(postThing("{\"name\":\"a\",\"parts\":[{\"kee\":\"b\"}]}"), 400);

		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("parts[0].kee");
		assertThat(problem.get("errors").get(0).get("message").asString()).contains("not a field");
	}

	@Test
	void aSecondValueAfterTheBodyIsRefused() throws Exception {
		JsonNode problem = problem(postThing("{\"name\":\"abc\"} {\"x\":1}"), 400);

		assertThat(problem.get("errors").get(0).get("message").asString()).contains("one JSON value");
	}

	@Test
	void brokenJsonSaysWhereItBreaks() throws Exception {
		JsonNode problem = problem(postThing("{\"name\":\n\"a\""), 400);

		assertThat(problem.get("type").asString()).endsWith("/malformed-request");
		assertThat(problem.get("detail").asString()).contains("line 2");
	}

	@Test
	void anEmptyBodyIsCalledMissingRatherThanBrokenJson() throws Exception {
		JsonNode problem = problem(postThing(""), 400);

		assertThat(problem.get("type").asString()).endsWith("/malformed-request");
		assertThat(problem.get("detail").asString()).isEqualTo("The request has no body; this request needs one");
	}

	@Test
	void aWellTypedBodyIsAccepted() throws Exception {
		assertThat(postThing("{\"name\":\"a\",\"count\":3,\"enabled\":false}").statusCode()).isEqualTo(200);
	}

	@Test
	void aBodyDeclaredLargerThanTheLimitIsRefusedWith413() throws Exception {
		JsonNode problem = problem(postThing("{\"name\":\"" + "x".repeat(5000) + "\"}"), 413);

		assertThat(problem.get("type").asString()).endsWith("/request-too-large");
	}

	@Test
	void aChunkedBodyThatGrowsPastTheLimitIsRefusedWith413() throws Exception {
		String body = "{\"name\":\"" + "x".repeat(5000) + "\"}";
		String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
		RawResponse response = raw("POST /v1/things HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + this.token
				+ "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n" + "Connection: close\r\n\r\n"
				+ chunked);

		assertThat(response.status()).isEqualTo(413);
		assertThat(response.head()).containsIgnoringCase("content-type: application/problem+json");
	}

	@Test
	void anUnknownPathIsANotFoundProblemWithAType() throws Exception {
		JsonNode problem = problem(send(authorized("/v1/nothing-here").GET()), 404);

		assertThat(problem.get("type").asString()).isEqualTo(ProblemDetailsAdvice.TYPE_BASE + "not-found");
		assertThat(problem.get("detail").asString()).isEqualTo("No endpoint answers GET /v1/nothing-here");
	}

	@Test
	void aDetailNamingWhatTheRequestGaveShowsItsInvisibleCharactersAsEscapes() throws Exception {
		JsonNode problem = problem(send(authorized("/v1/things/a%E2%80%AEb/missing").GET()), 404);

		assertThat(problem.get("detail").asString()).isEqualTo("No thing a\\u202eb exists");
		assertThat(problem.get("thingId").asString()).isEqualTo("a\u202Eb");
	}

	@Test
	void anAcceptHeaderThatDoesNotParseIsANotAcceptableProblem() throws Exception {
		for (String accept : List.of("json", "a/b/c", "application/json;q=abc")) {
			JsonNode problem = problem(send(authorized("/v1/things/a").header("Accept", accept).GET()), 406);

			assertThat(problem.get("type").asString()).isEqualTo(ProblemDetailsAdvice.TYPE_BASE + "not-acceptable");
			assertThat(problem.get("detail").asString()).contains("Accept header");
		}
	}

	@Test
	void anUnknownPathIsNamedAsItWasSentTrailingSlashIncluded() throws Exception {
		JsonNode problem = problem(send(authorized("/v1/nothing-here/").GET()), 404);

		assertThat(problem.get("detail").asString()).isEqualTo("No endpoint answers GET /v1/nothing-here/");
	}

	@Test
	void anUnsupportedMethodIsAMethodNotAllowedProblemWithAType() throws Exception {
		JsonNode problem = problem(send(authorized("/v1/things").PUT(BodyPublishers.ofString("{}"))), 405);

		assertThat(problem.get("type").asString()).isEqualTo(ProblemDetailsAdvice.TYPE_BASE + "method-not-allowed");
	}

	@Test
	void anUnsupportedMediaTypeIsAProblemWithAType() throws Exception {
		JsonNode problem = problem(send(
				authorized("/v1/things").header("Content-Type", "text/plain").POST(BodyPublishers.ofString("name"))),
				415);

		assertThat(problem.get("type").asString()).isEqualTo(ProblemDetailsAdvice.TYPE_BASE + "unsupported-media-type");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/things/a%2Fb", "/v1/things/a%00b", "/v1/things/a%zz", "/v1/things/a%5C..%5Cb" })
	void aPathTheServerRefusesIsAnsweredAsAProblem(String path) throws Exception {
		RawResponse response = rawGet(path);

		assertThat(response.status()).isEqualTo(400);
		assertRawProblem(response);
	}

	@Test
	void aPathTheFirewallRefusesIsAnsweredWithItsReason() throws Exception {
		RawResponse response = rawGet("/v1/things//a");

		assertThat(response.status()).isEqualTo(400);
		assertRawProblem(response);
		assertThat(response.body()).contains("\"detail\":\"The request was refused: The request was rejected because");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/things/%2e%2e/x", "/v1/%2e%2e/x", "/v1/things/a;jsessionid=1/b" })
	void aPathThatIsNormalisedAwayIsAnsweredAsAProblem(String path) throws Exception {
		RawResponse response = rawGet(path);

		assertThat(response.status()).isIn(400, 404);
		assertRawProblem(response);
	}

	private RawResponse rawGet(String path) throws Exception {
		return raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + this.token
				+ "\r\nConnection: close\r\n\r\n");
	}

	@Test
	void aParameterTakenOnceAndGivenTwiceIsRefusedByItsName() throws Exception {
		JsonNode problem = problem(send(authorized("/v1/things/a?name=x&name=y").GET()), 400);

		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("name");
		assertThat(problem.get("errors").get(0).get("message").asString())
			.isEqualTo("is given 2 times; it takes one value");
		problem = problem(send(authorized("/v1/things/a/labels?label=x&format=p&format=q").GET()), 400);
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("format");
	}

	@Test
	void aParameterThatTakesSeveralValuesTakesThemAll() throws Exception {
		HttpResponse<String> response = send(authorized("/v1/things/a/labels?label=x&label=y&format=p").GET());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("a x+y p");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/things/a?x=%ff", "/v1/things/a?%ff=1", "/v1/things/a?name=%ED%A0%80" })
	void aQueryStringThatIsNotPercentEncodedUtf8IsABadRequest(String path) throws Exception {
		RawResponse response = rawGet(path);

		assertThat(response.status()).isEqualTo(400);
		assertRawProblem(response);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v1/things/a;jsessionid=1", "/v1/things/%252e%252e/x", "/v1/things/a%3Bb" })
	void aPathTheFirewallRefusesIsABadRequest(String path) throws Exception {
		RawResponse response = rawGet(path);

		assertThat(response.status()).isEqualTo(400);
		assertRawProblem(response);
	}

	@Test
	void theErrorPageAskedForDirectlyIsNotFound() throws Exception {
		RawResponse response = rawGet("/error");

		assertThat(response.status()).isEqualTo(404);
		assertRawProblem(response);
	}

	@Test
	void aHeaderWithNonAsciiBytesIsAnsweredAsAProblem() throws Exception {
		byte[] head = ("GET /v1/things/a HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + this.token
				+ "\r\nX-Name: caf\u00e9\u4e2d\r\nConnection: close\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		RawResponse response = raw(head);

		assertThat(response.status()).isIn(200, 400);
		if (response.status() == 400) {
			assertRawProblem(response);
		}
	}

	@Test
	void aHeaderValueWithAControlCharacterIsRefusedByTheFirewallAsAProblem() throws Exception {
		byte[] head = ("GET /v1/things/a HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + this.token
				+ "\u0085\r\nConnection: close\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		RawResponse response = raw(head);

		assertThat(response.status()).isEqualTo(400);
		assertRawProblem(response);
	}

	@Test
	void anOversizedHeaderIsAnsweredAsAProblem() throws Exception {
		RawResponse response = raw("GET /v1/things/a HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(20_000)
				+ "\r\nConnection: close\r\n\r\n");

		assertThat(response.status()).isEqualTo(400);
		assertRawProblem(response);
	}

	@Test
	void traceIsRefusedAsAProblem() throws Exception {
		RawResponse response = raw("TRACE /v1/things/a HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
				+ this.token + "\r\nConnection: close\r\n\r\n");

		assertThat(response.status()).isEqualTo(405);
		assertRawProblem(response);
	}

	@Test
	void aRequestTheServerDoesNotImplementIsNotCalledSafeToRetry() throws Exception {
		RawResponse version = raw("GET /v1/things/a HTTP/2.0\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		RawResponse coding = raw("POST /v1/things HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\n"
				+ "Connection: close\r\n\r\n");

		for (RawResponse response : List.of(version, coding)) {
			assertThat(response.status()).isIn(501, 505);
			assertRawProblem(response);
			assertThat(this.json.readTree(response.body()).get("detail").asString())
				.startsWith("The server does not support this request")
				.doesNotContain("retry");
		}
	}

	private void assertRawProblem(RawResponse response) {
		assertThat(response.head()).containsIgnoringCase("content-type: application/problem+json");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("type").asString()).startsWith(ProblemDetailsAdvice.TYPE_BASE);
		assertThat(problem.get("status").asInt()).isEqualTo(response.status());
		assertThat(problem.get("detail").asString()).isNotBlank();
	}

	private JsonNode problem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = this.json.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		return problem;
	}

	private HttpResponse<String> postThing(String body) throws Exception {
		return send(authorized("/v1/things").header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body)));
	}

	private HttpRequest.Builder authorized(String path) {
		return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + this.token);
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private RawResponse raw(String request) throws Exception {
		return raw(request.getBytes(StandardCharsets.ISO_8859_1));
	}

	private RawResponse raw(byte[] request) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			in.transferTo(received);
			String text = received.toString(StandardCharsets.UTF_8);
			int split = text.indexOf("\r\n\r\n");
			String head = (split >= 0) ? text.substring(0, split) : text;
			String body = (split >= 0) ? text.substring(split + 4) : "";
			if (head.toLowerCase().contains("transfer-encoding: chunked")) {
				body = unchunk(body);
			}
			int status = Integer.parseInt(head.substring(9, 12));
			return new RawResponse(status, head, body);
		}
	}

	private static String unchunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (at < chunked.length()) {
			int lineEnd = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
			if (size == 0) {
				break;
			}
			body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
		return body.toString();
	}

	record RawResponse(int status, String head, String body) {
	}

}
