package dev.imagepack.replication.cloud.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagepack.platform.messaging.EventFields;
import dev.imagepack.replication.cloud.CloudFailure;
import dev.imagepack.platform.identity.Caller;
import dev.imagepack.platform.problem.ApiProblem;
import dev.imagepack.platform.problem.Violations;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets an operator inject a failure into the simulated cloud of a running service, for
 * demonstrations and trials. Only registered with the simulator and
 * {@code imagepack.cloud.simulator.dev-endpoint=true}; the rule lasts until the service
 * stops.
 */
@RestController
@ConditionalOnProperty(name = "imagepack.cloud.provider", havingValue = "simulator", matchIfMissing = true)
@ConditionalOnBooleanProperty("imagepack.cloud.simulator.dev-endpoint")
class SimulatorController {

	private static final Logger logger = LoggerFactory.getLogger(SimulatorController.class);

	/** Rules in force at most, so that a looping script cannot fill the heap. */
	static final int MAX_RULES = 1000;

	private final SimulatedCloud cloud;

	SimulatorController(SimulatedCloud cloud) {
		this.cloud = cloud;
	}

	@Operation(summary = "Inject a failure into the simulated cloud", description = "Operators only; for local use.")
	@PostMapping(path = "/dev/simulator/failures", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	FailureRule inject(Caller caller, @RequestBody @Nullable FailureRequest request) {
		if (!caller.isOperator()) {
			throw new OperatorRequiredException();
		}
		Violations violations = new Violations();
		if (request == null) {
			violations.add("body", "is required");
			violations.throwIfAny();
		}
		FailureRule.Operation operation = parse(FailureRule.Operation.class, request.operation(), "operation",
				violations);
		CloudFailure failure = parse(CloudFailure.class, request.failure(), "failure", violations);
		violations.check(failure != null || request.failure() != null, "failure", "is required");
		double rate = (request.rate() != null) ? request.rate() : 1.0;
		violations.check(rate >= 0 && rate <= 1, "rate", "must lie between 0 and 1");
		int times = (request.times() != null) ? request.times() : 0;
		violations.check(times >= 0, "times", "must be at least 0; 0 fires without limit");
		violations.check(request.region() == null || EventFields.isRegion(request.region()), "region",
				"must be a region ID such as cn-hangzhou, or absent for every region");
		violations.check(request.sourceImageId() == null || EventFields.isId(request.sourceImageId()), "sourceImageId",
				"must be an image ID of 1 to 128 letters, digits, '.', '_', ':' or '-', or absent");
		violations.throwIfAny();
		if (this.cloud.failures().size() >= MAX_RULES) {
			throw new TooManyRulesException();
		}
		FailureRule rule = new FailureRule(operation, request.region(), request.sourceImageId(), failure, rate, times,
				Boolean.TRUE.equals(request.midCopy()));
		this.cloud.inject(rule);
		logger.atInfo()
			.addKeyValue("operation", operation)
			.addKeyValue("region", rule.region())
			.addKeyValue("failure", failure)
			.addKeyValue("times", times)
			.log("Failure injected");
		return rule;
	}

	@Operation(summary = "List the simulated cloud's failure rules", description = "Operators only.")
	@GetMapping(path = "/dev/simulator/failures", produces = MediaType.APPLICATION_JSON_VALUE)
	List<InjectedFailure> failures(Caller caller) {
		if (!caller.isOperator()) {
			throw new OperatorRequiredException();
		}
		return this.cloud.failures()
			.stream()
			.map((failure) -> InjectedFailure.of(failure.getKey(), failure.getValue()))
			.toList();
	}

	@Operation(summary = "Clear the simulated cloud's failure rules", description = "Operators only.")
	@DeleteMapping("/dev/simulator/failures")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void clear(Caller caller) {
		if (!caller.isOperator()) {
			throw new OperatorRequiredException();
		}
		int cleared = this.cloud.failures().size();
		this.cloud.clearFailures();
		logger.atInfo().addKeyValue("rules", cleared).log("Failure rules cleared");
	}

	private static <E extends Enum<E>> @Nullable E parse(Class<E> type, @Nullable String value, String field,
			Violations violations) {
		if (value == null) {
			return null;
		}
		try {
			return Enum.valueOf(type, value);
		}
		catch (IllegalArgumentException ex) {
			violations.add(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
			return null;
		}
	}

	/**
	 * A failure to inject.
	 *
	 * @param operation COPY, DESCRIBE, DELETE, RESOLVE or SHARE; every operation if
	 * absent
	 * @param region the region it fails in; every region if absent
	 * @param sourceImageId the source image whose copies fail; every image if absent
	 * @param failure the failure code, such as QUOTA_EXCEEDED
	 * @param rate the share of matching calls that fail, 1 by default
	 * @param times how often it fires at most; without limit if absent or 0
	 * @param midCopy for COPY: the copy starts and fails halfway
	 */
	record FailureRequest(@Nullable String operation, @Nullable String region, @Nullable String sourceImageId,
			@Nullable String failure, @Nullable Double rate, @Nullable Integer times, @Nullable Boolean midCopy) {
	}

	/**
	 * A failure rule in force, and how often it fired.
	 *
	 * @param operation the call it affects, or null for every call
	 * @param region the region it affects, or null for every region
	 * @param sourceImageId the source image it affects, or null for every image
	 * @param failure what the call fails with
	 * @param rate the share of matching calls that fail
	 * @param times how many calls fail at most; 0 for no limit
	 * @param midCopy whether a copy starts and then fails halfway
	 * @param fired how many calls it failed so far
	 */
	record InjectedFailure(FailureRule.@Nullable Operation operation, @Nullable String region,
			@Nullable String sourceImageId, CloudFailure failure, double rate, int times, boolean midCopy, int fired) {

		static InjectedFailure of(FailureRule rule, int fired) {
			return new InjectedFailure(rule.operation(), rule.region(), rule.sourceImageId(), rule.failure(),
					rule.rate(), rule.times(), rule.midCopy(), fired);
		}

	}

	static class TooManyRulesException extends ApiProblem {

		TooManyRulesException() {
			super("too-many-failure-rules", "Too many failure rules", 409, "The simulator holds " + MAX_RULES
					+ " failure rules, its most; DELETE /dev/simulator/failures clears them", Map.of());
		}

	}

	static class OperatorRequiredException extends ApiProblem {

		OperatorRequiredException() {
			super("operator-required", "Operator role required", 403, "Only operators inject, list and clear failures",
					Map.of());
		}

	}

}
