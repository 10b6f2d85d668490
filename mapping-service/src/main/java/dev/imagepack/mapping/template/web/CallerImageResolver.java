package dev.imagepack.mapping.template.web;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.imagepack.mapping.template.ImageResolver;
import dev.imagepack.mapping.template.Resolution;
import dev.imagepack.mapping.version.MappingLookups;
import dev.imagepack.mapping.version.VersionSelector;
import dev.imagepack.platform.identity.Caller;
import dev.imagepack.platform.problem.ApiProblem;

/**
 * Resolves the images of one request's template through the mapping lookups, as its
 * caller: drafts, visibility, operators and distribution answer exactly as a lookup does.
 * A lookup's problem becomes a refusal with the problem's type as code, its detail as
 * message and its properties, apart from the ones the refusal already names, as details.
 */
final class CallerImageResolver implements ImageResolver {

	private final MappingLookups lookups;

	private final Caller caller;

	CallerImageResolver(MappingLookups lookups, Caller caller) {
		this.lookups = lookups;
		this.caller = caller;
	}

	@Override
	public Resolution resolve(String packageId, String version, String region, String accountId) {
		// The caller's roles matter too, so the account alone cannot stand for it.
		if (!this.caller.accountId().equals(accountId)) {
			throw new IllegalStateException("This resolver answers only for account " + this.caller.accountId());
		}
		try {
			return Resolution
				.image(this.lookups.resolve(this.caller, packageId, VersionSelector.parse(version), region).imageId());
		}
		catch (ApiProblem problem) {
			return Resolution.refused(problem.type(), problem.getMessage(), details(problem));
		}
	}

	private static Map<String, Object> details(ApiProblem problem) {
		Map<String, Object> details = new LinkedHashMap<>(problem.properties());
		details.remove("packageId");
		details.remove("version");
		details.remove("region");
		return details;
	}

}
