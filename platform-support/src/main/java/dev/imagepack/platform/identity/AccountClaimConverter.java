package dev.imagepack.platform.identity;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns a verified token into an authentication named after its account claim, with one
 * {@code ROLE_} authority per entry of its roles claim. A token without an account is
 * refused.
 */
class AccountClaimConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	/**
	 * What every service and event accepts as an account ID, so that an account a token
	 * names can always appear in the events its requests cause.
	 */
	static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

	private final String accountClaim;

	private final String rolesClaim;

	AccountClaimConverter(String accountClaim, String rolesClaim) {
		this.accountClaim = accountClaim;
		this.rolesClaim = rolesClaim;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		Object account = jwt.getClaims().get(this.accountClaim);
		if (!(account instanceof String accountId) || accountId.isBlank()) {
			throw new InvalidBearerTokenException("The token has no " + this.accountClaim + " claim");
		}
		if (!ACCOUNT_ID.matcher(accountId).matches()) {
			throw new InvalidBearerTokenException("The token's " + this.accountClaim
					+ " claim is not an account ID: 1 to 128 letters, digits, '.', '_' or '-', starting with a letter "
					+ "or digit");
		}
		List<GrantedAuthority> authorities = roles(jwt).stream()
			.map((role) -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
			.toList();
		return new JwtAuthenticationToken(jwt, authorities, accountId);
	}

	private List<String> roles(Jwt jwt) {
		Object roles = jwt.getClaims().get(this.rolesClaim);
		if (roles == null) {
			return List.of();
		}
		if (roles instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
			return list.stream().map(String.class::cast).toList();
		}
		throw new InvalidBearerTokenException("The token's " + this.rolesClaim + " claim is not a list of strings");
	}

}
