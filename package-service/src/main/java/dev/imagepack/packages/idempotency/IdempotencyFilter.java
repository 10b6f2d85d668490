package dev.imagepack.packages.idempotency;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Collections;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
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
 * request is refused with 422; JSON bodies are compared by their content. Keys are at
 * most 64 printable ASCII characters and are remembered for a day. Only a successful
 * answer is kept: a first request answered with an error leaves no trace, so it can be
 * corrected and sent again with the same key. A request cut off by a crash holds its key
 * for {@value IdempotencyRecord#ABANDONED_AFTER_SECONDS} seconds; then a repeat runs
 * again.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

	static final String HEADER = "Idempotency-Key";

	static final String REPLAYED_HEADER = "Idempotent-Replayed";

	private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,64}");

	private static final int MAX_BODY_BYTES = 1024 * 1024;

	private final MongoTemplate mongo;

	private final JsonMapper json;

	private final ObjectWriter canonicalJson;

	private final Clock clock;

	IdempotencyFilter(MongoTemplate mongo, JsonMapper json, Clock clock) {
		this.mongo = mongo;
		this.json = json;
		this.canonicalJson = json.writer().with(JsonNodeFeature.WRITE_PROPERTIES_SORTED);
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
		if (Collections.list(request.getHeaders(HEADER)).size() > 1) {
			// Which one would count is a guess: the request is refused, as one with two
			// Authorization headers is.
			problem(request, response, 400, "invalid-request", "Invalid request",
					"Several " + HEADER + " headers were sent; a request takes one");
			return;
		}
		if (!KEY.matcher(key).matches()) {
			problem(request, response, 400, "invalid-request", "Invalid request",
					HEADER + " must be 1 to 64 printable ASCII characters other than space");
			return;
		}
		byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
		if (body.length > MAX_BODY_BYTES) {
			problem(request, response, 413, "request-too-large", "Request too large",
					"The request body is larger than " + MAX_BODY_BYTES + " bytes");
			return;
		}
		String id = caller.getName() + " " + key;
		String hash = hash(request, canonical(body));
		IdempotencyRecord started = IdempotencyRecord.started(id, hash, this.clock.instant());
		try {
			if (!claim(started)) {
				answerRepeat(request, response, this.mongo.findById(id, IdempotencyRecord.class), hash,
						hash(request, body));
				return;
			}
		}
		catch (DataAccessException ex) {
			log.atWarn().setCause(ex).log("Idempotency keys cannot be read or written");
			problem(request, response, 503, "store-unavailable", "Store unavailable",
					"The request was not processed because the store is unavailable; retry with the same " + HEADER);
			return;
		}
		ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
		try {
			chain.doFilter(new BufferedRequest(request, body), recorded);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			forget(started);
			throw ex;
		}
		remember(started, recorded);
		recorded.copyBodyToResponse();
	}

	/**
	 * Records the key as in use by this request. A key whose record expired, or whose
	 * request was cut off by a crash before it finished, is taken over.
	 * @return false if the key belongs to another request that still counts
	 */
	private boolean claim(IdempotencyRecord started) {
		try {
			this.mongo.insert(started);
			return true;
		}
		catch (DuplicateKeyException ex) {
			IdempotencyRecord existing = this.mongo.findById(started.id(), IdempotencyRecord.class);
			if (existing == null || !existing.isAbandonedOrExpired(started.createdAt())) {
				return false;
			}
			// Only one of several requests taking over the same record wins.
			Query same = Query.query(Criteria.where("_id")
				.is(existing.id())
				.and("createdAt")
				.is(existing.createdAt())
				.and("completed")
				.is(existing.completed()));
			return this.mongo.findAndReplace(same, started) != null;
		}
	}

	/**
	 * Keeps a successful answer for repeats; any other answer changed nothing, so the key
	 * is freed for a corrected request.
	 */
	private void remember(IdempotencyRecord started, ContentCachingResponseWrapper recorded) {
		if (recorded.getStatus() < 200 || recorded.getStatus() >= 300) {
			forget(started);
			return;
		}
		String body = new String(recorded.getContentAsByteArray(), StandardCharsets.UTF_8);
		try {
			this.mongo.save(started.completed(recorded.getStatus(), recorded.getContentType(),
					recorded.getHeader(HttpHeaders.LOCATION), recorded.getHeader(HttpHeaders.ETAG), body));
		}
		catch (DataAccessException ex) {
			// The change is done; a repeat finds the record abandoned after a while and
			// runs again, which the domain then answers (for instance, name taken).
			log.atWarn()
				.addKeyValue("status", recorded.getStatus())
				.setCause(ex)
				.log("The answer to an idempotent request could not be kept");
		}
	}

	private void forget(IdempotencyRecord started) {
		try {
			this.mongo.remove(Query.query(Criteria.where("_id")
				.is(started.id())
				.and("createdAt")
				.is(started.createdAt())
				.and("completed")
				.is(false)), IdempotencyRecord.class);
		}
		catch (DataAccessException ex) {
			log.atWarn().setCause(ex).log("An idempotency key could not be freed; it is freed once abandoned");
		}
	}

	private void answerRepeat(HttpServletRequest request, HttpServletResponse response,
			@Nullable IdempotencyRecord first, String hash, String bytesHash) throws IOException {
		if (first == null) {
			problem(request, response, 409, "idempotency-key-in-use", "Request in progress",
					"A request with this " + HEADER + " is still in progress; retry shortly");
			return;
		}
		// A key kept from before JSON bodies were compared by content names its
		// request by the body's bytes.
		if (!first.requestHash().equals(hash) && !first.requestHash().equals(bytesHash)) {
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

	/**
	 * The body as requests are compared by it: a JSON body by its content, so that
	 * whitespace and the order of an object's members do not make a repeat a different
	 * request; any other body as it is.
	 */
	private byte[] canonical(byte[] body) {
		if (body.length == 0) {
			return body;
		}
		try {
			return this.canonicalJson.writeValueAsBytes(this.json.readTree(body));
		}
		catch (JacksonException ex) {
			return body;
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
