package dev.imagepack.platform.problem;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
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

	private static final Logger logger = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(ApiProblem.class)
	ResponseEntity<ProblemDetail> handleApiProblem(ApiProblem problem) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(problem.status()),
				problem.getMessage());
		body.setType(URI.create(TYPE_BASE + problem.type()));
		body.setTitle(problem.title());
		problem.properties().forEach(body::setProperty);
		if (problem instanceof InvalidRequestException invalid) {
			body.setProperty("errors", invalid.violations());
		}
		return ResponseEntity.status(problem.status()).body(body);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException ex) {
		return handleApiProblem(new InvalidRequestException(
				List.of(new Violation(ex.getName(), "'" + ex.getValue() + "' is not a valid value"))));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ResponseEntity<ProblemDetail> handleIllegalArgument(IllegalArgumentException ex) {
		return handleApiProblem(new InvalidRequestException(List.of(new Violation("request", ex.getMessage()))));
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
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is not valid JSON of the expected shape");
		body.setType(URI.create(TYPE_BASE + "malformed-request"));
		body.setTitle("Malformed request");
		return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
	}

}
