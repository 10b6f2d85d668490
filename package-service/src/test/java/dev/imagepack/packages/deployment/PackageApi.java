package dev.imagepack.packages.deployment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls package-service over HTTP as a console would, with development tokens minted for
 * the given account.
 */
final class PackageApi {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String base;

	private final String token;

	private PackageApi(String base, String token) {
		this.base = base;
		this.token = token;
	}

	static PackageApi anonymous(int port) {
		return new PackageApi("http://127.0.0.1:" + port, "");
	}

	static PackageApi as(int port, String accountId, String... roles) {
		String base = "http://127.0.0.1:" + port;
		PackageApi anonymous = new PackageApi(base, "");
		Response minted = anonymous.send("POST", "/dev/tokens", Map.of("accountId", accountId, "roles", List.of(roles)),
				Map.of());
		return new PackageApi(base, minted.json().get("token").asString());
	}

	Response get(String path) {
		return send("GET", path, null, Map.of());
	}

	Response post(String path, Object body) {
		return send("POST", path, body, Map.of());
	}

	Response send(String method, String path, Object body, Map<String, String> headers) {
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
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A request body for a package, with a valid first draft; tests change what they
	 * probe.
	 */
	static Map<String, Object> newPackage(String name) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("tags", List.of(Map.of("key", "team", "value", "web")));
		body.put("version", version("release_1", List.of("cn-hangzhou", "cn-shanghai", "ap-southeast-1")));
		return body;
	}

	static Map<String, Object> version(String name, List<String> regions) {
		Map<String, Object> version = new LinkedHashMap<>();
		version.put("name", name);
		version.put("description", "WordPress on Alibaba Cloud Linux 3");
		version.put("content", new LinkedHashMap<>(Map.of("imageType", "CUSTOM", "sourceRegion", "cn-hangzhou",
				"sourceImageId", "m-bp1g7004ksh0oeuc", "imageSizeGib", 20)));
		version.put("regions", regions);
		return version;
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status the status code
	 * @param headers the headers
	 * @param body the body
	 */
	record Response(int status, Map<String, List<String>> headers, String body) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

}
