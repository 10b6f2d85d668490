package dev.imagepack.platform.identity;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import dev.imagepack.platform.problem.ProblemDetailsAdvice;

/**
 * Answers a missing or invalid token with 401 and a refused role with 403, both as RFC
 * 9457 problem details, before a request reaches any controller.
 */
class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	static final URI UNAUTHENTICATED = URI.create(ProblemDetailsAdvice.TYPE_BASE + "unauthenticated");

	static final URI FORBIDDEN = URI.create(ProblemDetailsAdvice.TYPE_BASE + "forbidden");

	private final JsonMapper jsonMapper;

	ProblemResponses(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		response.setHeader("WWW-Authenticate", "Bearer");
		write(request, response, HttpStatus.UNAUTHORIZED, UNAUTHENTICATED, "Authentication required",
				"Send a valid bearer token: " + authException.getMessage());
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		write(request, response, HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden",
				"Your token does not grant the role this operation needs");
	}

	private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, URI type,
			String title, String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", type.toString());
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), problem);
	}

}
