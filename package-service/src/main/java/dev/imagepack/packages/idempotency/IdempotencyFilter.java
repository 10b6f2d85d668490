package dev.imagepack.packages.idempotency;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import dev.imagepack.platform.problem.ProblemDetailsAdvice;

/**
 * Makes {@code POST} and {@code DELETE} under {@code /v1/} safe to repeat, as Compute
 * Nest's {@code ClientToken} does: a request with an {@code Idempotency-Key} seen before
 * from the same account gets the first answer again, and the same key with a different
 * request is refused with 422. Keys are at most 64 printable ASCII characters and are
 * remembered for a day. A first request that fails with a server error leaves no trace,
 * so it can be retried with the same key.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	static final String REPLAYED_HEADER = "Idempotent-Replayed";

	private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,64}");

	private static final int MAX_BODY_BYTES = 1024 * 1024;

	private final MongoTemplate mongo;

	private final JsonMapper json;

	private final Clock clock;

	IdempotencyFilter(MongoTemplate mongo, JsonMapper json, Clock clock) {
		this.mongo = mongo;
		this.json = json;
		this.clock = clock;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		return request.getHeader(HEADER) == null || !request.getRequestURI().startsWith("/v1/")
				|| !("POST".equals(method) || "DELETE".equals(method));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER);
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		if (caller == null || !caller.isAuthenticated()) {
			chain.doFilter(request, response);
			return;
		}
		if (!KEY.matcher(key).matches()) {
			problem(request, response, 400, "invalid-request", "Invalid request",
					HEADER + " must be 1 to 64 printable ASCII characters");
			return;
		}
		byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
		if (body.length > MAX_BODY_BYTES) {
			problem(request, response, 413, "request-too-large", "Request too large",
					"The request body is larger than " + MAX_BODY_BYTES + " bytes");
			return;
		}
		String id = caller.getName() + " " + key;
		String hash = hash(request, body);
		try {
			this.mongo.insert(IdempotencyRecord.started(id, hash, this.clock.instant()));
		}
		catch (DuplicateKeyException ex) {
			answerRepeat(request, response, this.mongo.findById(id, IdempotencyRecord.class), hash);
			return;
		}
		ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
		try {
			chain.doFilter(new BufferedRequest(request, body), recorded);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			this.mongo.remove(IdempotencyRecord.started(id, hash, this.clock.instant()));
			throw ex;
		}
		remember(id, hash, recorded);
		recorded.copyBodyToResponse();
	}

	private void remember(String id, String hash, ContentCachingResponseWrapper recorded) {
		IdempotencyRecord started = this.mongo.findById(id, IdempotencyRecord.class);
		if (started == null) {
			return;
		}
		if (recorded.getStatus() >= 500) {
			this.mongo.remove(started);
			return;
		}
		String body = new String(recorded.getContentAsByteArray(), StandardCharsets.UTF_8);
		this.mongo.save(started.completed(recorded.getStatus(), recorded.getContentType(),
				recorded.getHeader(HttpHeaders.LOCATION), recorded.getHeader(HttpHeaders.ETAG), body));
	}

	private void answerRepeat(HttpServletRequest request, HttpServletResponse response,
			@Nullable IdempotencyRecord first, String hash) throws IOException {
		if (first == null) {
			problem(request, response, 409, "idempotency-key-in-use", "Request in progress",
					"A request with this " + HEADER + " is still in progress; retry shortly");
			return;
		}
		if (!first.requestHash().equals(hash)) {
			problem(request, response, 422, "idempotency-key-reused", "Idempotency key reused",
					"This " + HEADER + " was used for a different request; use a new key for a new request");
			return;
		}
		if (!first.completed()) {
			problem(request, response, 409, "idempotency-key-in-use", "Request in progress",
					"A request with this " + HEADER + " is still in progress; retry shortly");
			return;
		}
		response.setStatus(first.status());
		response.setHeader(REPLAYED_HEADER, "true");
		if (first.contentType() != null) {
			response.setContentType(first.contentType());
		}
		if (first.location() != null) {
			response.setHeader(HttpHeaders.LOCATION, first.location());
		}
		if (first.etag() != null) {
			response.setHeader(HttpHeaders.ETAG, first.etag());
		}
		if (first.body() != null) {
			response.getOutputStream().write(first.body().getBytes(StandardCharsets.UTF_8));
		}
	}

	private static String hash(HttpServletRequest request, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			String target = request.getMethod() + " " + request.getRequestURI() + "?"
					+ ((request.getQueryString() != null) ? request.getQueryString() : "") + "\n";
			digest.update(target.getBytes(StandardCharsets.UTF_8));
			digest.update(body);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void problem(HttpServletRequest request, HttpServletResponse response, int status, String type,
			String title, String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", URI.create(ProblemDetailsAdvice.TYPE_BASE + type).toString());
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

	/**
	 * A request whose body was read up front, to hash it, and is served again to the
	 * controller.
	 */
	private static final class BufferedRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("Blocking reads only");
				}

			};
		}

	}

}
