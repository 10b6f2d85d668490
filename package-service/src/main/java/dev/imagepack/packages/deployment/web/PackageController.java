package dev.imagepack.packages.deployment.web;

import java.net.URI;
import java.util.Set;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.imagepack.packages.deployment.DeploymentPackage;
import dev.imagepack.packages.deployment.PackagePage;
import dev.imagepack.packages.deployment.PackageQuery;
import dev.imagepack.packages.deployment.PackageService;
import dev.imagepack.packages.deployment.VersionStatus;
import dev.imagepack.packages.deployment.web.PackageResponses.PackagePageResponse;
import dev.imagepack.packages.deployment.web.PackageResponses.PackageResponse;
import dev.imagepack.platform.identity.Caller;
import dev.imagepack.platform.problem.Violations;
import dev.imagepack.platform.web.QueryParameters;

/**
 * Deployment packages: create, list, read, change settings, delete.
 */
@RestController
@RequestMapping("/v1/packages")
class PackageController {

	private static final Set<String> LISTING_PARAMETERS = Set.of("namePrefix", "tagKey", "tagValue", "resourceGroupId",
			"status", "pageSize", "pageToken");

	private static final String IDEMPOTENCY_KEY = "At most 64 printable ASCII characters; a repeat "
			+ "returns the first answer, and the same key with another request answers 422";

	private final PackageService packages;

	private final RequestValidation validation;

	PackageController(PackageService packages, RequestValidation validation) {
		this.packages = packages;
		this.validation = validation;
	}

	@ApiResponse(responseCode = "201", description = "Created, with its ETag")
	@Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = IDEMPOTENCY_KEY)
	@Operation(summary = "Create a package with its first draft",
			description = "Answers 201 with the package and its Location. Accepts an "
					+ "Idempotency-Key: a repeat with the same key and body answers as the first did.")
	@PostMapping
	ResponseEntity<PackageResponse> create(Caller caller,
			@RequestBody(required = false) PackageRequests.@Nullable CreatePackageRequest request) {
		DeploymentPackage created = this.packages.create(caller, this.validation.newPackage(request));
		return ResponseEntity.created(URI.create("/v1/packages/" + created.getId()))
			.eTag(created.etag())
			.body(PackageResponse.of(created));
	}

	@Operation(summary = "List packages, newest first",
			description = "The caller's packages (an operator's: every package), 1 to 100 a page "
					+ "(20 by default), filtered by name prefix, tag, resource group or a "
					+ "version status; pageToken continues a listing.")
	@GetMapping
	PackagePageResponse list(Caller caller, @RequestParam(required = false) @Nullable String namePrefix,
			@RequestParam(required = false) @Nullable String tagKey,
			@RequestParam(required = false) @Nullable String tagValue,
			@RequestParam(required = false) @Nullable String resourceGroupId,
			@RequestParam(required = false) @Nullable String status, @RequestParam(defaultValue = "20") String pageSize,
			@RequestParam(required = false) @Nullable String pageToken, HttpServletRequest request) {
		namePrefix = QueryParameters.given(namePrefix);
		tagKey = QueryParameters.given(tagKey);
		tagValue = QueryParameters.given(tagValue);
		resourceGroupId = QueryParameters.given(resourceGroupId);
		status = QueryParameters.given(status);
		pageToken = QueryParameters.given(pageToken);
		Violations violations = new Violations();
		QueryParameters.onlyKnown(request, LISTING_PARAMETERS, violations);
		int size = violations.pageSize(pageSize);
		VersionStatus versionStatus = null;
		if (status != null) {
			try {
				versionStatus = VersionStatus.valueOf(status);
			}
			catch (IllegalArgumentException ex) {
				violations.add("status", "must be one of DRAFT, DISTRIBUTING, AVAILABLE, PARTIALLY_AVAILABLE, "
						+ "FAILED, DELETING, DELETED");
			}
		}
		violations.check(tagValue == null || tagKey != null, "tagValue", "needs tagKey");
		checkFilter("namePrefix", namePrefix, violations);
		checkFilter("tagKey", tagKey, violations);
		checkFilter("tagValue", tagValue, violations);
		checkFilter("resourceGroupId", resourceGroupId, violations);
		violations.check(pageToken == null || PackageService.isPageToken(pageToken), "pageToken",
				"is not a token this service returned");
		violations.throwIfAny();
		PackagePage page = this.packages.list(caller,
				new PackageQuery(namePrefix, tagKey, tagValue, resourceGroupId, versionStatus, size, pageToken));
		return new PackagePageResponse(page.packages().stream().map(PackageResponse::of).toList(),
				page.nextPageToken());
	}

	private static void checkFilter(String name, @Nullable String value, Violations violations) {
		if (value != null) {
			violations.check(Violations.characters(value) <= 128 && Violations.isPlainText(value, false), name,
					"must be at most 128 characters of plain text");
		}
	}

	@Operation(summary = "Get a package",
			description = "The package, its visibility and its versions; answers an ETag for If-Match.")
	@GetMapping("/{packageId}")
	ResponseEntity<PackageResponse> get(Caller caller, @PathVariable String packageId) {
		DeploymentPackage found = this.packages.get(caller, packageId);
		return ResponseEntity.ok().eTag(found.etag()).body(PackageResponse.of(found));
	}

	@Operation(summary = "Change a package's tags and resource group",
			description = "The name is fixed. Accepts If-Match.")
	@PatchMapping("/{packageId}")
	ResponseEntity<PackageResponse> update(Caller caller, @PathVariable String packageId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestBody(required = false) PackageRequests.@Nullable UpdatePackageRequest request) {
		DeploymentPackage current = this.packages.get(caller, packageId);
		RequestValidation.Settings settings = this.validation.settings(request, current.getName());
		DeploymentPackage changed = this.packages.changeSettings(caller, packageId, ifMatch, settings.resourceGroupId(),
				settings.tags());
		return ResponseEntity.ok().eTag(changed.etag()).body(PackageResponse.of(changed));
	}

	@ApiResponse(responseCode = "202", description = "Deleting: regional copies are being removed")
	@Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = IDEMPOTENCY_KEY)
	@Operation(summary = "Delete a package and all its versions",
			description = "Published versions' regional copies are removed first. Accepts "
					+ "If-Match and an Idempotency-Key.")
	@DeleteMapping("/{packageId}")
	ResponseEntity<PackageResponse> delete(Caller caller, @PathVariable String packageId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		DeploymentPackage deleted = this.packages.delete(caller, packageId, ifMatch);
		return ResponseEntity.status(HttpStatus.ACCEPTED).eTag(deleted.etag()).body(PackageResponse.of(deleted));
	}

}
