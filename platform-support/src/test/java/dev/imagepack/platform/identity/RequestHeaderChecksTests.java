package dev.imagepack.platform.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestHeaderChecksTests {

	/** What Spring Security's strict firewall allows in a header value by default. */
	private static final Pattern FIREWALL_DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	@Test
	void theHeaderValueCheckAllowsExactlyWhatTheFirewallsDefaultAllowsForEveryCharacter() {
		List<String> values = new ArrayList<>();
		for (int c = 0; c <= Character.MAX_VALUE; c++) {
			values.add("a" + (char) c + "b");
		}
		values.addAll(List.of("", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln", "\uD83D\uDE00", "x\uD83D", "\uDE00x",
				new String(Character.toChars(0x10FFFF)), new String(Character.toChars(0x2FFFE)), "caf\u00e9",
				"tab\there", "line\nbreak"));

		for (String value : values) {
			assertThat(RequestHeaderChecks.isAssignedAndNotControl(value)).as("%s", value.codePoints().toArray())
				.isEqualTo(FIREWALL_DEFAULT.matcher(value).matches());
		}
	}

	@Test
	void theBearerTokenResolverAnswersEveryHeaderAsSpringSecuritysDefaultDoes() {
		BearerTokenResolver ours = new RequestHeaderChecks.HeaderBearerTokenResolver();
		BearerTokenResolver springs = new DefaultBearerTokenResolver();
		List<String> headers = new ArrayList<>(List.of("", "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "bearer abc",
				"BEARER abc", "BeArEr a.b.c", "Bearer abc==", "Bearer a=b", "Bearer  abc", "Bearerabc",
				"Bearer abc def", "Bearer abc\t", "Bearer ~+/._-", "Bearer =", "xBearer abc", "Bearer \u00e9t\u00e9",
				"Token abc", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "Bearer a==="));
		headers.add(null);

		for (String header : headers) {
			assertThat(outcome(ours, header)).as("%s", header).isEqualTo(outcome(springs, header));
		}
	}

	@Test
	void aRequestWithSeveralAuthorizationHeadersIsRefusedRatherThanReadByTheFirst() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/whoami");
		request.addHeader("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln");
		request.addHeader("Authorization", "Bearer other");

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> new RequestHeaderChecks.HeaderBearerTokenResolver().resolve(request))
			.satisfies((ex) -> assertThat(ex.getError().getDescription()).contains("Several Authorization headers"));
	}

	private static String outcome(BearerTokenResolver resolver, String header) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/whoami");
		if (header != null) {
			request.addHeader("Authorization", header);
		}
		try {
			return "token " + resolver.resolve(request);
		}
		catch (OAuth2AuthenticationException ex) {
			return "refused " + ex.getError().getErrorCode() + " " + ex.getError().getDescription();
		}
	}

}
