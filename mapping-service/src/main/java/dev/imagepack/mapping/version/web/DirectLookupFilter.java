package dev.imagepack.mapping.version.web;

import java.io.IOException;
import java.util.Enumeration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectWriter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.imagepack.mapping.version.MappingLookups;
import dev.imagepack.mapping.version.VersionSelector;
import dev.imagepack.mapping.version.web.MappingResponses.LookupResponse;
import dev.imagepack.platform.identity.Caller;
import dev.imagepack.platform.identity.RequestAuthenticator;
import dev.imagepack.platform.messaging.EventFields;
import dev.imagepack.platform.problem.ApiProblem;

/**
 * Answers a lookup that resolves ahead of the request observation, the security filter
 * chain and Spring MVC, which together cost several times what the lookup itself does
 * (bench/README.md, ninth round). Only the plainest request is answered here: a
 * {@code GET} of exactly
 * {@code /v1/mappings/{packageId}/versions/{version}/regions/{region}} with valid values,
 * no query, no percent-encoding and no body, with one {@code Accept} header at most that
 * accepts JSON by default, whose caller {@link RequestAuthenticator} authenticates as the
 * chain would and whose lookup resolves. It answers what {@link MappingController#lookup}
 * answers, with the headers the chain adds, and records it in the request metrics' timer
 * for a lookup answered 200. Every other request, and every lookup that does not resolve,
 * goes on to the observation, the chain and MVC, which answer it (with the problem that
 * says why) as before.
 */
final class DirectLookupFilter extends OncePerRequestFilter {

	private static final String PREFIX = "/v1/mappings/";

	/** The lookup's path pattern, as MVC maps it. */
	static final String PATTERN = "/v1/mappings/{packageId}/versions/{version}/regions/{region}";

	private final RequestAuthenticator authenticator;

	private final ObjectProvider<MappingLookups> lookupsProvider;

	private volatile @Nullable MappingLookups lookups;

	private final ObjectWriter writer;

	private final Timer requests;

	private final AtomicLong answered = new AtomicLong();

	/**
	 * @param authenticator authenticates as the security filter chain would
	 * @param lookups the lookups, taken when the first request comes: the filter is
	 * created while the web server starts, before the view is loaded in its turn (created
	 * there, a view of 1M mappings did not fit in 256 MB)
	 * @param writer writes a {@link LookupResponse} as MVC does
	 * @param meters where the request metrics are
	 */
	DirectLookupFilter(RequestAuthenticator authenticator, ObjectProvider<MappingLookups> lookups, ObjectWriter writer,
			MeterRegistry meters) {
		this.authenticator = authenticator;
		this.lookupsProvider = lookups;
		this.writer = writer;
		// The timer the request observation records a lookup answered 200 in, with the
		// same name and tags.
		this.requests = meters.timer("http.server.requests", "error", "none", "exception", "none", "method", "GET",
				"outcome", "SUCCESS", "status", "200", "uri", PATTERN);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		Lookup lookup = isPlain(request) ? Lookup.parse(request.getRequestURI()) : null;
		Caller caller = (lookup != null) ? this.authenticator.authenticate(request) : null;
		byte[] body = (caller != null) ? resolve(caller, lookup) : null;
		if (body == null) {
			chain.doFilter(request, response);
			return;
		}
		// Counted first: the client can have the answer before this thread returns.
		this.answered.incrementAndGet();
		this.authenticator.answerJson(request, response, body);
		this.requests.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
	}

	private byte @Nullable [] resolve(Caller caller, Lookup lookup) {
		try {
			return this.writer.writeValueAsBytes(LookupResponse
				.of(lookups().resolve(caller, lookup.packageId(), lookup.selector(), lookup.region())));
		}
		catch (ApiProblem ex) {
			// Answered by MVC with its problem.
			return null;
		}
	}

	private MappingLookups lookups() {
		MappingLookups found = this.lookups;
		if (found == null) {
			found = this.lookupsProvider.getObject();
			this.lookups = found;
		}
		return found;
	}

	/**
	 * How many lookups were answered here; for tests.
	 */
	long answered() {
		return this.answered.get();
	}

	private static boolean isPlain(HttpServletRequest request) {
		if (!"GET".equals(request.getMethod()) || request.getQueryString() != null
				|| !request.getContextPath().isEmpty() || request.getContentLengthLong() > 0
				|| request.getHeader("Transfer-Encoding") != null) {
			return false;
		}
		// MVC reads every Accept header; only a request with one at most is plain.
		Enumeration<String> accepts = request.getHeaders("Accept");
		String accept = accepts.hasMoreElements() ? accepts.nextElement() : null;
		return !accepts.hasMoreElements() && (accept == null || accept.equals(MediaType.ALL_VALUE)
				|| accept.equals(MediaType.APPLICATION_JSON_VALUE));
	}

	/**
	 * A lookup's path, taken apart and checked as {@link MappingController} checks it.
	 */
	private record Lookup(String packageId, VersionSelector selector, String region) {

		static @Nullable Lookup parse(String uri) {
			if (!uri.startsWith(PREFIX) || uri.indexOf('%') >= 0 || uri.indexOf(';') >= 0) {
				return null;
			}
			String[] parts = uri.substring(PREFIX.length()).split("/", -1);
			if (parts.length != 5 || !parts[1].equals("versions") || !parts[3].equals("regions")
					|| !MappingController.PACKAGE_ID.matcher(parts[0]).matches() || !EventFields.isRegion(parts[4])) {
				return null;
			}
			try {
				return new Lookup(parts[0], VersionSelector.parse(parts[2]), parts[4]);
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}

	}

}
