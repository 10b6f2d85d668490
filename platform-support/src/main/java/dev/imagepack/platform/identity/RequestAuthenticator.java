package dev.imagepack.platform.identity;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * Authenticates a request before the security filter chain, for an endpoint whose own
 * work is so small that the chain would be most of what a request costs. It lets a
 * request through only where the chain would, with the chain's own parts in the same
 * order: the firewall, the bearer token resolver, the decoder that verifies (and keeps)
 * tokens and the account claim converter; and it writes the answer through the chain's
 * header writer filter, so that it carries the same headers. Whatever one of them refuses
 * is not decided here: {@link #authenticate} answers null and the caller passes the
 * request on to the chain, which answers it as it answers every other endpoint.
 * <p>
 * Only for an endpoint the chain lets every authenticated caller reach: the chain
 * {@link IdentityAutoConfiguration} builds has no other rule for what it does not leave
 * open. Without that chain (a service that defines its own) nothing is authenticated
 * here.
 */
public final class RequestAuthenticator {

	private final HttpFirewall firewall;

	private final BearerTokenResolver tokens;

	private final JwtDecoder decoder;

	private final AccountClaimConverter converter;

	private final @Nullable HeaderWriterFilter headers;

	RequestAuthenticator(HttpFirewall firewall, BearerTokenResolver tokens, JwtDecoder decoder,
			AccountClaimConverter converter, @Nullable HeaderWriterFilter headers) {
		this.firewall = firewall;
		this.tokens = tokens;
		this.decoder = decoder;
		this.converter = converter;
		this.headers = headers;
	}

	/**
	 * The caller of a request the security filter chain would let through as
	 * authenticated.
	 * @param request the request
	 * @return the caller, or null when the chain is to decide: no token, a token or a
	 * request any part of the chain refuses, or no chain of this configuration
	 */
	public @Nullable Caller authenticate(HttpServletRequest request) {
		if (this.headers == null) {
			return null;
		}
		try {
			String token = this.tokens.resolve(this.firewall.getFirewalledRequest(request));
			if (token == null) {
				return null;
			}
			AbstractAuthenticationToken authentication = this.converter.convert(this.decoder.decode(token));
			return CallerArgumentResolver.callerOf(authentication);
		}
		catch (RuntimeException ex) {
			// Refused by the firewall, the resolver, the decoder or the converter: the
			// chain refuses it again and answers why.
			return null;
		}
	}

	/**
	 * Answers an authenticated request with {@code 200 OK} and a JSON body, and the
	 * headers the chain adds to every answer.
	 * @param request the request {@link #authenticate} accepted
	 * @param response its response
	 * @param json the body
	 * @throws IOException if writing fails
	 * @throws ServletException if the header writer filter fails
	 */
	public void answerJson(HttpServletRequest request, HttpServletResponse response, byte[] json)
			throws IOException, ServletException {
		HeaderWriterFilter writer = this.headers;
		if (writer == null) {
			throw new IllegalStateException("No request is authenticated without the identity filter chain");
		}
		writer.doFilter(request, response, (wrappedRequest, wrappedResponse) -> {
			HttpServletResponse answer = (HttpServletResponse) wrappedResponse;
			answer.setStatus(HttpServletResponse.SC_OK);
			answer.setContentType(MediaType.APPLICATION_JSON_VALUE);
			answer.setContentLength(json.length);
			answer.getOutputStream().write(json);
		});
	}

}
