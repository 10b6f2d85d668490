package dev.imagepack.replication.cloud.aliyun;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The ECS API on loopback, as far as the adapter uses it: it reads the action and the RPC
 * parameters from the query and the form, records every call and answers JSON like ECS,
 * error documents included.
 */
final class EcsStub implements AutoCloseable {

	private final HttpServer server;

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final Map<String, Function<Call, Reply>> answers = new ConcurrentHashMap<>();

	EcsStub() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/**
	 * The URL of the stub, for {@code imagepack.cloud.aliyun.endpoint}.
	 */
	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Answers every call of an action.
	 */
	EcsStub on(String action, Function<Call, Reply> answer) {
		this.answers.put(action, answer);
		return this;
	}

	/**
	 * Answers every call of an action with the same reply.
	 */
	EcsStub on(String action, Reply reply) {
		return on(action, (call) -> reply);
	}

	List<Call> calls(String action) {
		return this.calls.stream().filter((call) -> call.action().equals(action)).toList();
	}

	List<String> actions() {
		return this.calls.stream().map(Call::action).toList();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			Map<String, String> params = new LinkedHashMap<>();
			parse(exchange.getRequestURI().getRawQuery(), params);
			try (InputStream body = exchange.getRequestBody()) {
				String form = new String(body.readAllBytes(), StandardCharsets.UTF_8);
				String type = exchange.getRequestHeaders().getFirst("Content-Type");
				if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
					parse(form, params);
				}
			}
			// The SDK names the action in a header when it signs with ACS3, in the
			// query with the older signature.
			String action = exchange.getRequestHeaders().getFirst("x-acs-action");
			if (action == null) {
				action = params.getOrDefault("Action", "");
			}
			Call call = new Call(action, Map.copyOf(params),
					exchange.getRequestHeaders().getFirst("Authorization") != null);
			this.calls.add(call);
			Function<Call, Reply> answer = this.answers.get(action);
			Reply reply = (answer != null) ? answer.apply(call)
					: Reply.error(400, "InvalidAction.NotFound", "The stub does not answer " + action);
			byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", reply.contentType());
			exchange.sendResponseHeaders(reply.status(), bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	private static void parse(String encoded, Map<String, String> into) {
		if (encoded == null || encoded.isEmpty()) {
			return;
		}
		for (String pair : encoded.split("&")) {
			int equals = pair.indexOf('=');
			String key = (equals < 0) ? pair : pair.substring(0, equals);
			String value = (equals < 0) ? "" : pair.substring(equals + 1);
			into.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
	}

	/**
	 * A DescribeImages answer.
	 */
	static Reply images(int totalCount, List<String> images) {
		return Reply.ok("{\"RequestId\":\"" + UUID.randomUUID() + "\",\"TotalCount\":" + totalCount
				+ ",\"PageNumber\":1,\"PageSize\":" + Math.max(10, images.size()) + ",\"Images\":{\"Image\":["
				+ String.join(",", images) + "]}}");
	}

	static Reply images(String... images) {
		return images(images.length, List.of(images));
	}

	/**
	 * One image of a DescribeImages answer.
	 */
	static String image(String imageId, String status, String progress) {
		return "{\"ImageId\":\"" + imageId + "\",\"Status\":\"" + status + "\",\"Progress\":\"" + progress
				+ "\",\"ImageOwnerAlias\":\"self\",\"CreationTime\":\"2026-12-01T08:00:00Z\"}";
	}

	/**
	 * One marketplace image of a DescribeImages answer.
	 */
	static String marketplaceImage(String imageId, String productCode, String creationTime) {
		return "{\"ImageId\":\"" + imageId + "\",\"Status\":\"Available\",\"Progress\":\"100%\",\"ProductCode\":\""
				+ productCode + "\",\"ImageOwnerAlias\":\"marketplace\",\"CreationTime\":\"" + creationTime + "\"}";
	}

	/**
	 * A call the stub received.
	 *
	 * @param action the ECS action
	 * @param params the RPC parameters, query and form together
	 * @param signed whether it carried an Authorization header
	 */
	record Call(String action, Map<String, String> params, boolean signed) {

		String param(String name) {
			return this.params.get(name);
		}

		/**
		 * The values of a repeated parameter such as {@code AddAccount.1},
		 * {@code AddAccount.2}, in order.
		 */
		List<String> list(String name) {
			return this.params.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().matches(java.util.regex.Pattern.quote(name) + "\\.\\d+"))
				.sorted(Map.Entry.comparingByKey((a, b) -> Integer.compare(index(a), index(b))))
				.map(Map.Entry::getValue)
				.collect(Collectors.toList());
		}

		private static int index(String key) {
			return Integer.parseInt(key.substring(key.lastIndexOf('.') + 1));
		}

	}

	/**
	 * What the stub answers.
	 *
	 * @param status the HTTP status
	 * @param body the body
	 * @param contentType its type
	 */
	record Reply(int status, String body, String contentType) {

		static Reply ok(String json) {
			return new Reply(200, json, "application/json;charset=utf-8");
		}

		static Reply error(int status, String code, String message) {
			return new Reply(
					status, "{\"Code\":\"" + code + "\",\"Message\":\"" + message + "\",\"RequestId\":\""
							+ UUID.randomUUID() + "\",\"HostId\":\"ecs.aliyuncs.com\"}",
					"application/json;charset=utf-8");
		}

		static Reply html(int status, String html) {
			return new Reply(status, html, "text/html");
		}

	}

}
