package dev.imagepack.mapping.bench;

import io.swagger.v3.oas.annotations.Operation;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.imagepack.platform.identity.Caller;

/**
 * A deliberately trivial endpoint with the shape of a lookup: the same bearer token
 * check, the same caller argument, path variables and a small JSON answer, but no view
 * and no rules. The lookup benchmark measures it beside the lookup in the same run, so
 * that what remains is the cost of the lookup itself. Registered only when
 * {@code imagepack.bench.enabled} is true; never in production.
 */
@RestController
@ConditionalOnBooleanProperty("imagepack.bench.enabled")
class BaselineController {

	@Operation(summary = "The lookup benchmark's baseline: the path and the caller echoed",
			description = "Only with imagepack.bench.enabled=true, which only the benchmark sets.")
	@GetMapping("/bench/baseline/{packageId}/versions/{version}/regions/{region}")
	BaselineResponse baseline(Caller caller, @PathVariable String packageId, @PathVariable String version,
			@PathVariable String region) {
		return new BaselineResponse(packageId, version, region, caller.accountId());
	}

	/**
	 * The answer: what was asked, echoed.
	 *
	 * @param packageId the package in the path
	 * @param version the version in the path
	 * @param region the region in the path
	 * @param accountId the caller's account
	 */
	record BaselineResponse(String packageId, String version, String region, String accountId) {

	}

}
