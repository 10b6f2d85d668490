package dev.imagepack.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls a service over HTTP as a console or an operator would, with a development token
 * minted for the given account.
 */
public class ServiceApi {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String base;

	private final String token;

	protected ServiceApi(String base, String token) {
		this.base = base;
		this.token = token;
	}

	/**
	 * A caller without a token.
	 * @param port the service's port on loopback
	 * @return the caller
	 */
	public static ServiceApi anonymous(int port) {
		return new ServiceApi(base(port), "");
	}

	/**
	 * A caller with a development token of an account.
	 * @param port the service's port on loopback
	 * @param accountId the account
	 * @param roles its roles, such as {@code operator}
	 * @return the caller
	 */
	public static ServiceApi as(int port, String accountId, String... roles) {
		return new ServiceApi(base(port), mintToken(port, accountId, roles));
	}

	protected static String base(int port) {
		return "http://127.0.0.1:" + port;
	}

	/**
	 * A development token of an account, from the service's {@code /dev/tokens}.
	 * @param port the service's port on loopback
	 * @param accountId the account
	 * @param roles its roles
	 * @return the token
	 */
	public static String mintToken(int port, String accountId, String... roles) {
		Response minted = anonymous(port).send("POST", "/dev/tokens",
				Map.of("accountId", accountId, "roles", List.of(roles)), Map.of());
		return minted.json().get("token").asString();
	}

	public Response get(String path) {
		return send("GET", path, null, Map.of());
	}

	public Response post(String path, @Nullable Object body) {
		return send("POST", path, body, Map.of());
	}

	/**
	 * Sends a request; a body that is not a string is written as JSON.
	 * @param method the HTTP method
	 * @param path the path and query
	 * @param body the body, or null for none
	 * @param headers further headers
	 * @return the answer
	 */
	public Response send(String method, String path, @Nullable Object body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path));
		if (!this.token.isEmpty()) {
			request.header("Authorization", "Bearer " + this.token);
		}
		headers.forEach(request::header);
		if (body != null) {
			String text = (body instanceof String raw) ? raw : JSON.writeValueAsString(body);
			request.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(text));
		}
		else {
			request.method(method, BodyPublishers.noBody());
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(), BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status the status code
	 * @param headers the headers
	 * @param body the body
	 */
	public record Response(int status, Map<String, List<String>> headers, String body) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		/**
		 * The headers but {@code Date}, by case-insensitive name: what two answers to the
		 * same request have alike.
		 * @return the headers
		 */
		public Map<String, List<String>> headersButDate() {
			Map<String, List<String>> kept = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			kept.putAll(this.headers);
			kept.remove("date");
			return kept;
		}

		public @Nullable String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

}
