package dev.imagepack.permission.visibility.web;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;

import dev.imagepack.permission.visibility.PackageAccess;
import dev.imagepack.permission.visibility.Permissions;
import dev.imagepack.permission.visibility.ServiceRecords;
import dev.imagepack.permission.visibility.Visibility;
import dev.imagepack.platform.identity.Caller;
import dev.imagepack.platform.problem.ApiProblem;
import dev.imagepack.platform.problem.InvalidRequestException;
import dev.imagepack.platform.problem.Violation;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A package's visibility for its owner and operators, and the access check other platform
 * services ask: may this account use this package?
 */
@RestController
@RequestMapping("/v1/packages/{packageId}")
class VisibilityController {

	private final Permissions permissions;

	VisibilityController(Permissions permissions) {
		this.permissions = permissions;
	}

	@Operation(summary = "Get a package's visibility",
			description = "Level, allowed accounts, the services that contribute to it and the "
					+ "services per version; for the owner or an operator.")
	@GetMapping("/visibility")
	VisibilityResponse visibility(Caller caller, @PathVariable String packageId) {
		requireId("packageId", packageId);
		PackageAccess found = this.permissions.find(packageId)
			.filter((access) -> caller.maySee(access.getOwnerAccountId()))
			.orElseThrow(() -> new PackageNotFoundException(packageId));
		return VisibilityResponse.of(found);
	}

	@Operation(summary = "Whether an account may use a package",
			description = "Anyone for itself, operators for any account; unknown and deleted "
					+ "packages are not allowed.")
	@GetMapping("/access")
	AccessResponse access(Caller caller, @PathVariable String packageId,
			@RequestParam(required = false) @Nullable String accountId) {
		requireId("packageId", packageId);
		String account = (accountId != null) ? accountId : caller.accountId();
		requireId("accountId", account);
		if (!caller.isOperator() && !caller.accountId().equals(account)) {
			throw new OperatorRequiredException();
		}
		boolean allowed = this.permissions.find(packageId).map((found) -> found.admits(account)).orElse(false);
		return new AccessResponse(packageId, account, allowed);
	}

	private static void requireId(String field, String value) {
		if (!ServiceRecords.isId(value)) {
			throw new InvalidRequestException(
					List.of(new Violation(field, "must be 1 to 128 letters, digits, '.', '_', ':' or '-'")));
		}
	}

	/**
	 * A package's visibility.
	 *
	 * @param packageId the package
	 * @param ownerAccountId its owner, who may always use it
	 * @param level PRIVATE, WHITELIST or PUBLIC
	 * @param allowedAccountIds with WHITELIST, the accounts besides the owner
	 * @param contributingServiceIds the active services that decided the level
	 * @param versionUsages which active services use which version
	 * @param revision the revision of the visibility
	 */
	record VisibilityResponse(String packageId, String ownerAccountId, String level, List<String> allowedAccountIds,
			List<String> contributingServiceIds, List<Visibility.VersionUsage> versionUsages, long revision) {

		static VisibilityResponse of(PackageAccess access) {
			Visibility visibility = access.getVisibility();
			return new VisibilityResponse(access.getId(), access.getOwnerAccountId(), visibility.level(),
					visibility.allowedAccountIds(), visibility.contributingServiceIds(), visibility.versionUsages(),
					access.getRevision());
		}

	}

	/**
	 * The answer to an access check. An unknown or deleted package is not allowed.
	 *
	 * @param packageId the package
	 * @param accountId the account asked about
	 * @param allowed whether it may use the package
	 */
	record AccessResponse(String packageId, String accountId, boolean allowed) {
	}

	static class PackageNotFoundException extends ApiProblem {

		PackageNotFoundException(String packageId) {
			super("package-not-found", "Package not found", 404, "No package " + packageId + " exists for your account",
					Map.of("packageId", packageId));
		}

	}

	static class OperatorRequiredException extends ApiProblem {

		OperatorRequiredException() {
			super("operator-required", "Operator role required", 403,
					"Only operators check access for another account; leave out accountId to check your own", Map.of());
		}

	}

}
