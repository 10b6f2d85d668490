package dev.imagepack.platform.problem;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

import dev.imagepack.platform.web.RequestBodyTooLargeException;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every error of a service as an RFC 9457 problem: the service's own
 * {@link ApiProblem}s with their type, title and properties, malformed requests with what
 * was wrong, and anything unexpected with a 500 that reveals nothing internal.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	/** Every problem type URI starts with this. */
	public static final String TYPE_BASE = "https://imagepack.dev/problems/";

	static final String INVALID_QUERY = "The query string is not valid: each parameter must be percent-encoded UTF-8";

	private static final Pattern DUPLICATE_PROPERTY = Pattern.compile("Duplicate Object property \"([^\"]{1,128})\"");

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	private static final String STORE_RETRY_AFTER_SECONDS = "5";

	private static final int MAX_DETAIL_LENGTH = 1000;

	private static final Logger logger = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(ApiProblem.class)
	ResponseEntity<ProblemDetail> handleApiProblem(ApiProblem problem) {
		return ResponseEntity.status(problem.status()).body(problemBody(problem));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException ex) {
		return handleApiProblem(new InvalidRequestException(
				List.of(new Violation(ex.getName(), "'" + ex.getValue() + "' is not a valid value"))));
	}

	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<ProblemDetail> handleInvalidParameter(InvalidParameterException ex) {
		return handleApiProblem(new InvalidRequestException(List.of(new Violation("query", INVALID_QUERY))));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<ProblemDetail> handleIllegalArgument(IllegalArgumentException ex) {
		return handleApiProblem(new InvalidRequestException(List.of(new Violation("request", ex.getMessage()))));
	}

	/**
	 * The store did not answer, or not in time. The request may have changed something
	 * before the answer was lost, so the caller is told to read before retrying a change.
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, QueryTimeoutException.class })
	ResponseEntity<ProblemDetail> handleStoreUnavailable(DataAccessException ex) {
		logger.atWarn().setCause(ex).log("Request failed: the store did not answer");
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The service's store did not answer in time. A change may or may not have been stored: read it back "
						+ "before retrying");
		body.setType(URI.create(TYPE_BASE + "store-unavailable"));
		body.setTitle("Store unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, STORE_RETRY_AFTER_SECONDS)
			.body(body);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
		logger.error("Request failed unexpectedly", ex);
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The request failed unexpectedly; it is safe to retry");
		body.setType(URI.create(TYPE_BASE + "internal-error"));
		body.setTitle("Internal error");
		return ResponseEntity.internalServerError().body(body);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		RequestBodyTooLargeException tooLarge = findCause(ex, RequestBodyTooLargeException.class);
		if (tooLarge != null) {
			ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
			body.setType(URI.create(TYPE_BASE + "request-too-large"));
			body.setTitle("Request too large");
			return new ResponseEntity<>(body, headers, HttpStatus.CONTENT_TOO_LARGE);
		}
		JacksonException duplicate = findCause(ex, JacksonException.class);
		if (duplicate != null && duplicate.getOriginalMessage() != null) {
			Matcher repeated = DUPLICATE_PROPERTY.matcher(duplicate.getOriginalMessage());
			if (repeated.find()) {
				String parent = fieldPath(duplicate);
				String field = parent.equals("body") ? repeated.group(1) : parent + "." + repeated.group(1);
				return new ResponseEntity<>(
						problemBody(new InvalidRequestException(
								List.of(new Violation(field, "appears more than once in its object")))),
						headers, HttpStatus.BAD_REQUEST);
			}
		}
		MismatchedInputException mismatch = findCause(ex, MismatchedInputException.class);
		if (mismatch != null && mismatch.getOriginalMessage() != null
				&& mismatch.getOriginalMessage().startsWith("Trailing token")) {
			return new ResponseEntity<>(
					problemBody(new InvalidRequestException(
							List.of(new Violation("body", "must be one JSON value, with nothing after it")))),
					headers, HttpStatus.BAD_REQUEST);
		}
		if (mismatch != null) {
			Violation violation = new Violation(fieldPath(mismatch), mismatchMessage(mismatch));
			return new ResponseEntity<>(problemBody(new InvalidRequestException(List.of(violation))), headers,
					HttpStatus.BAD_REQUEST);
		}
		InputCoercionException outOfRange = findCause(ex, InputCoercionException.class);
		if (outOfRange != null && !outOfRange.getPath().isEmpty()) {
			Violation violation = new Violation(fieldPath(outOfRange), "must be a JSON number within range");
			return new ResponseEntity<>(problemBody(new InvalidRequestException(List.of(violation))), headers,
					HttpStatus.BAD_REQUEST);
		}
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is not valid JSON of the expected shape");
		body.setType(URI.create(TYPE_BASE + "malformed-request"));
		body.setTitle("Malformed request");
		JacksonException syntax = findCause(ex, JacksonException.class);
		if (syntax == null && ex.getMessage() != null
				&& ex.getMessage().startsWith("Required request body is missing")) {
			// Whatever the declared content type: an empty body is not broken JSON.
			body.setDetail("The request has no body; this request needs one");
		}
		else if (syntax != null && syntax.getLocation() != null) {
			body.setDetail("The request body is not valid JSON: the error is at line "
					+ syntax.getLocation().getLineNr() + ", column " + syntax.getLocation().getColumnNr());
		}
		return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * An {@code Accept} header that admits nothing this service writes is answered by the
	 * framework with a problem in {@code application/problem+json} all the same. One that
	 * does not parse at all left it with nothing to negotiate, and the 406 went out
	 * without a body; that problem is written here, in {@code application/problem+json},
	 * whatever the header says.
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null
				&& !servlet.getResponse().isCommitted()
				&& !parses(servlet.getRequest().getHeaders(HttpHeaders.ACCEPT))) {
			HttpServletResponse response = servlet.getResponse();
			response.setStatus(HttpStatus.NOT_ACCEPTABLE.value());
			response.setContentType(ProblemWriter.contentType());
			try {
				ProblemWriter.write(ProblemWriter.problem(HttpStatus.NOT_ACCEPTABLE.value(),
						"The Accept header is not a list of media types such as application/json",
						servlet.getRequest().getRequestURI()), response.getOutputStream());
			}
			catch (IOException writeFailure) {
				// The client is gone.
			}
			return null;
		}
		return super.handleHttpMediaTypeNotAcceptable(ex, headers, status, request);
	}

	private static boolean parses(Enumeration<String> accept) {
		try {
			MediaType.parseMediaTypes(Collections.list(accept));
			return true;
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/**
	 * A path no endpoint serves. The framework's own detail speaks of static resources,
	 * which these services have none of; the path is named as it was sent (the
	 * framework's drops a trailing slash, and so names a path that may well be served).
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String path = (request instanceof ServletWebRequest servlet) ? servlet.getRequest().getRequestURI()
				: "/" + ex.getResourcePath();
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"No endpoint answers " + ex.getHttpMethod() + " " + path);
		return handleExceptionInternal(ex, body, headers, HttpStatus.NOT_FOUND, request);
	}

	/**
	 * Gives the framework's own problems, such as 404, 405 and 415, a type of this
	 * service's vocabulary instead of {@code about:blank}.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(@Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
			problem.setType(URI.create(TYPE_BASE + ProblemWriter.typeFor(statusCode.value())));
			if (problem.getTitle() == null) {
				problem.setTitle(ProblemWriter.titleFor(statusCode.value()));
			}
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static ProblemDetail problemBody(ApiProblem problem) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(problem.status()),
				printable(problem.getMessage()));
		body.setType(URI.create(TYPE_BASE + problem.type()));
		body.setTitle(problem.title());
		problem.properties().forEach(body::setProperty);
		if (problem instanceof InvalidRequestException invalid) {
			body.setProperty("errors", invalid.violations());
		}
		return body;
	}

	/**
	 * A problem's detail as a console may show it: many details name what the request
	 * gave (an ID, a region), so characters that are not shown as themselves (controls,
	 * bidirectional overrides, zero-width and line separators) are written as escapes of
	 * their code (a right-to-left override as {@code \\u202e}), and a detail longer than
	 * {@value #MAX_DETAIL_LENGTH} characters is cut there. The problem's properties keep
	 * the values as given.
	 * @param detail the detail
	 * @return the detail to answer with
	 */
	static String printable(@Nullable String detail) {
		if (detail == null) {
			return "";
		}
		StringBuilder shown = new StringBuilder(Math.min(detail.length(), MAX_DETAIL_LENGTH + 1));
		for (int i = 0; i < detail.length() && shown.length() < MAX_DETAIL_LENGTH; i++) {
			char c = detail.charAt(i);
			int kind = Character.getType(c);
			if (kind == Character.CONTROL || kind == Character.FORMAT || kind == Character.LINE_SEPARATOR
					|| kind == Character.PARAGRAPH_SEPARATOR || kind == Character.UNASSIGNED
					|| (kind == Character.SURROGATE && !validSurrogateAt(detail, i))) {
				shown.append(String.format("\\u%04x", (int) c));
			}
			else {
				shown.append(c);
			}
		}
		if (shown.length() >= MAX_DETAIL_LENGTH && detail.length() > MAX_DETAIL_LENGTH) {
			shown.setLength(MAX_DETAIL_LENGTH);
			if (Character.isHighSurrogate(shown.charAt(MAX_DETAIL_LENGTH - 1))) {
				shown.setLength(MAX_DETAIL_LENGTH - 1);
			}
			shown.append('\u2026');
		}
		return shown.toString();
	}

	private static boolean validSurrogateAt(String text, int i) {
		char c = text.charAt(i);
		if (Character.isHighSurrogate(c)) {
			return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
		}
		return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
	}

	private static <T extends Throwable> @Nullable T findCause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

	static String fieldPath(JacksonException failure) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : failure.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		if (failure instanceof PropertyBindingException binding && binding.getPropertyName() != null
				&& failure.getPath().isEmpty()) {
			path.append(binding.getPropertyName());
		}
		return path.isEmpty() ? "body" : path.toString();
	}

	static String mismatchMessage(MismatchedInputException mismatch) {
		if (mismatch instanceof PropertyBindingException) {
			return "is not a field of this request";
		}
		Class<?> target = mismatch.getTargetType();
		if (target == null) {
			return "has the wrong JSON type";
		}
		if (target == String.class) {
			return "must be a JSON string";
		}
		if (target == Integer.class || target == int.class || target == Long.class || target == long.class
				|| target == Short.class || target == short.class) {
			return "must be a whole JSON number within range";
		}
		if (Number.class.isAssignableFrom(target) || target == double.class || target == float.class) {
			return "must be a JSON number";
		}
		if (target == Boolean.class || target == boolean.class) {
			return "must be true or false";
		}
		if (target.isEnum()) {
			return "must be one of " + Arrays.toString(target.getEnumConstants());
		}
		if (Collection.class.isAssignableFrom(target) || target.isArray()) {
			return "must be a JSON array";
		}
		if (Map.class.isAssignableFrom(target) || target.isRecord()) {
			return "must be a JSON object";
		}
		return "has the wrong JSON type";
	}

}
