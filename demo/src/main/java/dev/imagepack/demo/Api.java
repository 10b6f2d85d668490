package dev.imagepack.demo;

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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One account's view of one service: JSON requests with the account's development token.
 * The demo plays its scenario with it, and the benchmarks under {@code bench/} drive the
 * services with it.
 */
public final class Api {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final String base;

	private final String token;

	private Api(String base, String token) {
		this.base = base;
		this.token = token;
	}

	/**
	 * A caller with a fresh development token.
	 * @param base the service's base URL
	 * @param accountId the account
	 * @param roles its roles
	 * @return the caller
	 */
	public static Api as(String base, String accountId, String... roles) {
		Response minted = new Api(base, "").send("POST", "/dev/tokens",
				Map.of("accountId", accountId, "roles", List.of(roles)));
		if (minted.status() != 200 || minted.json() == null) {
			throw new IllegalStateException("No development token from " + base + ": " + minted);
		}
		return new Api(base, minted.json().get("token").asString());
	}

	/**
	 * The same account at another service.
	 * @param otherBase the other service's base URL
	 * @return the caller there
	 */
	public Api at(String otherBase) {
		return new Api(otherBase, this.token);
	}

	/**
	 * The bearer token this caller sends, for other clients of the same account.
	 * @return the token
	 */
	public String token() {
		return this.token;
	}

	public Response get(String path) {
		return send("GET", path, null);
	}

	public Response post(String path, @Nullable Object body) {
		return send("POST", path, body);
	}

	public Response put(String path, Object body) {
		return send("PUT", path, body);
	}

	public Response delete(String path) {
		return send("DELETE", path, null);
	}

	public Response send(String method, String path, @Nullable Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30));
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
			HttpResponse<String> response = HTTP.send(request.build(), BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), parse(response.body()));
		}
		catch (IOException ex) {
			String reason = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			throw new IllegalStateException(
					method + " " + this.base + path + " failed: " + reason + " (is the system running there?)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static @Nullable JsonNode parse(String body) {
		try {
			return body.isBlank() ? null : JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * An answer.
	 *
	 * @param status the HTTP status
	 * @param body the body as text
	 * @param json the body as JSON, if it is
	 */
	public record Response(int status, String body, @Nullable JsonNode json) {

		public String text(String field) {
			JsonNode value = (this.json != null) ? this.json.get(field) : null;
			return (value != null && !value.isNull()) ? value.asString() : "";
		}

		public JsonNode node() {
			if (this.json == null) {
				throw new IllegalStateException("Not JSON: " + this.body);
			}
			return this.json;
		}

		@Override
		public String toString() {
			return this.status + " " + ((this.body.length() > 300) ? this.body.substring(0, 300) + "…" : this.body);
		}

	}

}
