package dev.imagepack.platform.identity;

import java.util.Set;

/**
 * Who is calling: the account from the bearer token's claims and the roles it holds.
 * Nothing a client sends besides a verified token can change it.
 *
 * @param accountId the caller's account ID
 * @param roles the caller's roles, such as {@value #OPERATOR}
 */
public record Caller(String accountId, Set<String> roles) {

	/** Role of platform operators, who may see and act on every account's resources. */
	public static final String OPERATOR = "operator";

	public Caller {
		if (accountId.isBlank()) {
			throw new IllegalArgumentException("accountId must not be blank");
		}
		roles = Set.copyOf(roles);
	}

	/**
	 * Whether the caller is a platform operator.
	 * @return true for an operator
	 */
	public boolean isOperator() {
		return this.roles.contains(OPERATOR);
	}

	/**
	 * Whether the caller may see a resource: its owner and operators may.
	 * @param ownerAccountId the resource's owner
	 * @return true if the caller owns it or is an operator
	 */
	public boolean maySee(String ownerAccountId) {
		return this.accountId.equals(ownerAccountId) || isOperator();
	}

}
