package dev.imagepack.bench.pipeline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON over HTTP with one account's development token.
 */
final class Http {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final String token;

	private Http(String token) {
		this.token = token;
	}

	/**
	 * A client for an account, with a token minted by a service's development endpoint.
	 * @param base the service minting the token
	 * @param accountId the account
	 * @return the client
	 */
	static Http as(String base, String accountId) {
		Answer minted = new Http("").send("POST", base + "/dev/tokens",
				Map.of("accountId", accountId, "roles", List.of()));
		if (minted.status() != 200) {
			throw new IllegalStateException("No development token from " + base + ": " + minted.body());
		}
		return new Http(minted.json().get("token").asString());
	}

	String token() {
		return this.token;
	}

	Answer get(String url) {
		return send("GET", url, null);
	}

	Answer post(String url, @Nullable Object body) {
		return send("POST", url, body);
	}

	private Answer send(String method, String url, @Nullable Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
		if (!this.token.isEmpty()) {
			request.header("Authorization", "Bearer " + this.token);
		}
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, BodyPublishers.ofString(JSON.writeValueAsString(body)));
		}
		else {
			request.method(method, BodyPublishers.noBody());
		}
		try {
			HttpResponse<String> response = CLIENT.send(request.build(), BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + url + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status the status
	 * @param body the body
	 */
	record Answer(int status, String body) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
