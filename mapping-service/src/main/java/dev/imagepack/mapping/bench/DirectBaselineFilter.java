package dev.imagepack.mapping.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.ObjectWriter;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.imagepack.mapping.bench.BaselineController.BaselineResponse;
import dev.imagepack.platform.identity.Caller;
import dev.imagepack.platform.identity.RequestAuthenticator;

/**
 * The trivial endpoint of {@link BaselineController} answered the way lookups are, before
 * the security filter chain: {@code GET
 * /bench/direct/{packageId}/versions/{version}/regions/{region}} takes the path apart,
 * authenticates the caller with {@link RequestAuthenticator} and echoes the path and the
 * caller's account. Beside it, the lookup benchmark measures what a lookup adds to a
 * request answered in the same place. Anything else goes on to the chain.
 */
final class DirectBaselineFilter extends OncePerRequestFilter {

	private static final String PREFIX = "/bench/direct/";

	private final RequestAuthenticator authenticator;

	private final ObjectWriter writer;

	private final Timer requests;

	DirectBaselineFilter(RequestAuthenticator authenticator, ObjectWriter writer, MeterRegistry meters) {
		this.authenticator = authenticator;
		this.writer = writer;
		this.requests = meters.timer("http.server.requests", "error", "none", "exception", "none", "method", "GET",
				"outcome", "SUCCESS", "status", "200", "uri",
				PREFIX + "{packageId}/versions/{version}/regions/{region}");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		String uri = request.getRequestURI();
		String[] parts = uri.startsWith(PREFIX) ? uri.substring(PREFIX.length()).split("/", -1) : new String[0];
		Caller caller = (parts.length == 5 && "GET".equals(request.getMethod()))
				? this.authenticator.authenticate(request) : null;
		if (caller == null) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = this.writer
			.writeValueAsBytes(new BaselineResponse(parts[0], parts[2], parts[4], caller.accountId()));
		this.authenticator.answerJson(request, response, body);
		this.requests.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
	}

}
