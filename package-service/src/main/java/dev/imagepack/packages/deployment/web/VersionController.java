package dev.imagepack.packages.deployment.web;

import java.net.URI;
import java.util.List;
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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.imagepack.packages.deployment.DeploymentPackage;
import dev.imagepack.packages.deployment.PackageService;
import dev.imagepack.packages.deployment.PackageVersion;
import dev.imagepack.packages.deployment.VersionDraft;
import dev.imagepack.packages.deployment.VersionRef;
import dev.imagepack.packages.deployment.VersionStateException;
import dev.imagepack.packages.deployment.web.PackageResponses.PackageResponse;
import dev.imagepack.packages.deployment.web.PackageResponses.VersionResponse;
import dev.imagepack.platform.identity.Caller;
import dev.imagepack.platform.problem.InvalidRequestException;
import dev.imagepack.platform.problem.Violation;
import dev.imagepack.platform.problem.Violations;
import dev.imagepack.platform.web.QueryParameters;

/**
 * The versions of a package: create a draft, edit it, publish it, retry failed regions,
 * delete. A version is addressed as {@code draft} or by its number.
 */
@RestController
@RequestMapping("/v1/packages/{packageId}/versions")
class VersionController {

	private static final String IDEMPOTENCY_KEY = "At most 64 printable ASCII characters; a repeat "
			+ "returns the first answer, and the same key with another request answers 422";

	private final PackageService packages;

	private final RequestValidation validation;

	VersionController(PackageService packages, RequestValidation validation) {
		this.packages = packages;
		this.validation = validation;
	}

	@ApiResponse(responseCode = "201", description = "The new draft")
	@Operation(summary = "Create a new draft",
			description = "With its own content, or copied from a version with {\"copyFrom\": \"1\", "
					+ "\"name\", \"description\"}. A package holds one draft at a time.")
	@PostMapping
	ResponseEntity<VersionResponse> create(Caller caller, @PathVariable String packageId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestBody(required = false) PackageRequests.@Nullable CreateVersionRequest request) {
		VersionDraft draft = draftOf(caller, packageId, request);
		DeploymentPackage changed = this.packages.createDraft(caller, packageId, ifMatch, draft);
		return ResponseEntity.created(URI.create("/v1/packages/" + packageId + "/versions/draft"))
			.eTag(changed.etag())
			.body(VersionResponse.of(packageId, changed.version(new VersionRef(null))));
	}

	private VersionDraft draftOf(Caller caller, String packageId,
			PackageRequests.@Nullable CreateVersionRequest request) {
		if (request != null && request.copyFrom() != null) {
			Violations violations = new Violations();
			violations.check(request.content() == null, "content",
					"must be absent with copyFrom: the copy takes the source version's content");
			violations.check(request.regions() == null, "regions",
					"must be absent with copyFrom: the copy takes the source version's regions");
			violations.throwIfAny();
			PackageVersion source = this.packages.versionToCopy(caller, packageId,
					versionOf(request.copyFrom(), "copyFrom"));
			return this.validation.copy(request.name(), request.description(), source.getContent(),
					source.getRegions());
		}
		PackageRequests.VersionRequest content = (request != null) ? new PackageRequests.VersionRequest(request.name(),
				request.description(), request.content(), request.regions()) : null;
		return this.validation.draft(content);
	}

	@Operation(summary = "List a package's versions")
	@GetMapping
	List<VersionResponse> list(Caller caller, @PathVariable String packageId, HttpServletRequest request) {
		Violations violations = new Violations();
		QueryParameters.onlyKnown(request, Set.of(), violations);
		violations.throwIfAny();
		return this.packages.get(caller, packageId)
			.allVersions()
			.stream()
			.map((version) -> VersionResponse.of(packageId, version))
			.toList();
	}

	@Operation(summary = "Get a version",
			description = "\"draft\" or a number; a published version has per-region status, image "
					+ "ID, error, attempts, start and end.")
	@GetMapping("/{version}")
	ResponseEntity<VersionResponse> get(Caller caller, @PathVariable String packageId, @PathVariable String version) {
		DeploymentPackage found = this.packages.get(caller, packageId);
		return ResponseEntity.ok()
			.eTag(found.etag())
			.body(VersionResponse.of(packageId, found.version(versionOf(version, "version"))));
	}

	@Operation(summary = "Replace the draft",
			description = "Name, description, content and regions; a published version is locked "
					+ "(409). Accepts If-Match.")
	@PutMapping("/{version}")
	ResponseEntity<VersionResponse> update(Caller caller, @PathVariable String packageId, @PathVariable String version,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestBody(required = false) PackageRequests.@Nullable VersionRequest request) {
		VersionRef ref = versionOf(version, "version");
		this.packages.get(caller, packageId).version(ref);
		DeploymentPackage changed = this.packages.editVersion(caller, packageId, ref, ifMatch,
				this.validation.draft(request));
		return ResponseEntity.ok().eTag(changed.etag()).body(VersionResponse.of(packageId, changed.version(ref)));
	}

	@ApiResponse(responseCode = "202", description = "Published; distribution has started")
	@Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = IDEMPOTENCY_KEY)
	@Operation(summary = "Publish the draft as the next version number",
			description = "Answers 202 with the version DISTRIBUTING while its regions replicate. "
					+ "Accepts If-Match and an Idempotency-Key.")
	@PostMapping("/{version}/publish")
	ResponseEntity<VersionResponse> publish(Caller caller, @PathVariable String packageId, @PathVariable String version,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		VersionRef ref = versionOf(version, "version");
		if (!ref.isDraft()) {
			PackageVersion published = this.packages.get(caller, packageId).version(ref);
			throw new VersionStateException(packageId, ref, published.getStatus(),
					"Version " + ref + " is already published; only the draft can be published");
		}
		DeploymentPackage changed = this.packages.publish(caller, packageId, ifMatch);
		PackageVersion published = changed.version(new VersionRef(changed.getLastVersionNumber()));
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.location(URI.create("/v1/packages/" + packageId + "/versions/" + published.ref()))
			.eTag(changed.etag())
			.body(VersionResponse.of(packageId, published));
	}

	@ApiResponse(responseCode = "202", description = "The failed regions are replicated again")
	@Operation(summary = "Replicate the failed regions of a settled version again")
	@PostMapping("/{version}/retry")
	ResponseEntity<VersionResponse> retry(Caller caller, @PathVariable String packageId, @PathVariable String version,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		VersionRef ref = versionOf(version, "version");
		if (ref.isDraft()) {
			PackageVersion draft = this.packages.get(caller, packageId).version(ref);
			throw new VersionStateException(packageId, ref, draft.getStatus(),
					"A draft is not distributed; publish it instead");
		}
		DeploymentPackage changed = this.packages.retryFailedRegions(caller, packageId, ref.number(), ifMatch);
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.eTag(changed.etag())
			.body(VersionResponse.of(packageId, changed.version(ref)));
	}

	@ApiResponse(responseCode = "202",
			description = "Deleting: regional copies are being removed; the package as it is now, as deleting the "
					+ "package answers")
	@Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = IDEMPOTENCY_KEY)
	@Operation(summary = "Delete a version",
			description = "Answers 202 with the package as it is then; a published version's "
					+ "regional copies are removed first; a version an active service uses "
					+ "answers 409 version-in-use.")
	@DeleteMapping("/{version}")
	ResponseEntity<PackageResponse> delete(Caller caller, @PathVariable String packageId, @PathVariable String version,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch) {
		DeploymentPackage changed = this.packages.deleteVersion(caller, packageId, versionOf(version, "version"),
				ifMatch);
		return ResponseEntity.status(HttpStatus.ACCEPTED).eTag(changed.etag()).body(PackageResponse.of(changed));
	}

	/**
	 * Reads a version reference, refusing a malformed one as an invalid field of the
	 * request, named.
	 */
	private static VersionRef versionOf(String text, String field) {
		try {
			return VersionRef.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException(List.of(new Violation(field, ex.getMessage())));
		}
	}

}
