package dev.imagepack.mapping.version.web;

import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.imagepack.mapping.version.MappingLookups;
import dev.imagepack.mapping.version.VersionSelector;
import dev.imagepack.mapping.version.web.MappingResponses.LookupResponse;
import dev.imagepack.mapping.version.web.MappingResponses.VersionMappingsResponse;
import dev.imagepack.platform.identity.Caller;
import dev.imagepack.platform.messaging.EventFields;
import dev.imagepack.platform.problem.Violations;

import static java.util.Objects.requireNonNull;

/**
 * Which image a package version has in a region. A version is addressed as {@code draft},
 * by its number, or, for a lookup in a region, as {@code latest}: the newest published
 * version usable there.
 */
@RestController
@RequestMapping("/v1/mappings/{packageId}/versions/{version}")
class MappingController {

	static final Pattern PACKAGE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

	private final MappingLookups lookups;

	MappingController(MappingLookups lookups) {
		this.lookups = lookups;
	}

	@Operation(summary = "Look up the image of a package version in a region",
			description = "\"draft\", a number or \"latest\" (the newest published version usable in "
					+ "the region); answers the image ID and whether it is the source image or a replica.")
	@GetMapping("/regions/{region}")
	LookupResponse lookup(Caller caller, @PathVariable String packageId, @PathVariable String version,
			@PathVariable String region) {
		Violations violations = new Violations();
		checkPackageId(violations, packageId);
		violations.check(EventFields.isRegion(region), "region", "must be a region ID such as cn-hangzhou");
		VersionSelector selector = selector(violations, version);
		violations.throwIfAny();
		return LookupResponse.of(this.lookups.resolve(caller, packageId, requireNonNull(selector), region));
	}

	@Operation(summary = "Every region of a package version",
			description = "Status, percent, image or failure per region, and the usable regions; "
					+ "for the owner or an operator.")
	@GetMapping
	VersionMappingsResponse regions(Caller caller, @PathVariable String packageId, @PathVariable String version) {
		Violations violations = new Violations();
		checkPackageId(violations, packageId);
		VersionSelector selector = selector(violations, version);
		if (selector != null) {
			violations.check(selector.kind() != VersionSelector.Kind.LATEST, "version",
					"must be 'draft' or a version number: 'latest' depends on the region");
		}
		violations.throwIfAny();
		if (requireNonNull(selector).kind() == VersionSelector.Kind.DRAFT) {
			return VersionMappingsResponse.of(packageId, this.lookups.draft(caller, packageId));
		}
		return VersionMappingsResponse.of(packageId,
				this.lookups.publishedVersion(caller, packageId, selector.number()));
	}

	private static void checkPackageId(Violations violations, String packageId) {
		violations.check(PACKAGE_ID.matcher(packageId).matches(), "packageId",
				"must be a package ID such as pkg-3f9a1c");
	}

	private static @Nullable VersionSelector selector(Violations violations, String version) {
		try {
			return VersionSelector.parse(version);
		}
		catch (IllegalArgumentException ex) {
			violations.add("version", "must be 'draft', 'latest' or a version number from 1");
			return null;
		}
	}

}
