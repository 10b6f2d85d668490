package dev.imagepack.platform.identity;

import java.util.Enumeration;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The two checks every request's headers go through, written as loops over the characters
 * instead of the regular expressions Spring Security uses for them. They accept and
 * refuse exactly what those do; under load the expressions took half of a request's CPU,
 * because the firewall checks a header's value each time it is read and the bearer token,
 * the longest header, is read several times.
 */
final class RequestHeaderChecks {

	private static final String BEARER = "Bearer ";

	private RequestHeaderChecks() {
	}

	/**
	 * Spring Security's strict firewall with its header value check replaced by
	 * {@link #isAssignedAndNotControl}, which is what its default allows: every character
	 * assigned in Unicode and none an ISO control character.
	 * @return the firewall
	 */
	static StrictHttpFirewall firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderValues(RequestHeaderChecks::isAssignedAndNotControl);
		return firewall;
	}

	static boolean isAssignedAndNotControl(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x80) {
				if (c < 0x20 || c == 0x7f) {
					return false;
				}
				continue;
			}
			int codePoint = value.codePointAt(i);
			if (Character.isISOControl(codePoint) || !Character.isDefined(codePoint)) {
				return false;
			}
			i += Character.charCount(codePoint) - 1;
		}
		return true;
	}

	/**
	 * Reads the token of an {@code Authorization: Bearer} header as Spring Security's
	 * default resolver does with its default settings: a header that does not start with
	 * {@code bearer} (in any case) carries no token; one that does must be the scheme,
	 * one space and an RFC 6750 {@code b64token}, or it is refused as a malformed token.
	 * Tokens in query parameters or form bodies are not read, as by default. A request
	 * with several {@code Authorization} headers is refused, where Spring's reads the
	 * first.
	 */
	static final class HeaderBearerTokenResolver implements BearerTokenResolver {

		@Override
		public @Nullable String resolve(HttpServletRequest request) {
			Enumeration<String> headers = request.getHeaders(HttpHeaders.AUTHORIZATION);
			String header = (headers != null && headers.hasMoreElements()) ? headers.nextElement() : null;
			if (header != null && headers.hasMoreElements()) {
				// Which one counts is not for this service to guess.
				throw new OAuth2AuthenticationException(
						BearerTokenErrors.invalidRequest("Several Authorization headers were sent; send one"));
			}
			if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length() - 1)) {
				return null;
			}
			String token = header.substring(Math.min(BEARER.length(), header.length()));
			if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length()) || !isB64Token(token)) {
				throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
			}
			return token;
		}

	}

	/**
	 * RFC 6750's {@code b64token}: one or more of letters, digits and {@code -._~+/},
	 * then any number of {@code =}.
	 */
	static boolean isB64Token(String token) {
		int i = 0;
		int length = token.length();
		while (i < length && isB64TokenCharacter(token.charAt(i))) {
			i++;
		}
		if (i == 0) {
			return false;
		}
		while (i < length && token.charAt(i) == '=') {
			i++;
		}
		return i == length;
	}

	private static boolean isB64TokenCharacter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~' || c == '+' || c == '/';
	}

}
