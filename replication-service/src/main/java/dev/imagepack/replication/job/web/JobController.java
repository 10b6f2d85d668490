package dev.imagepack.replication.job.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.imagepack.platform.identity.Caller;
import dev.imagepack.platform.problem.ApiProblem;
import dev.imagepack.platform.problem.Violations;
import dev.imagepack.platform.web.QueryParameters;
import dev.imagepack.replication.job.Attempt;
import dev.imagepack.replication.job.JobNotFoundException;
import dev.imagepack.replication.job.JobStatus;
import dev.imagepack.replication.job.ReplicationJob;
import dev.imagepack.replication.job.ReplicationJobs;
import dev.imagepack.replication.job.SourceImage;

/**
 * Replication jobs for operators, and for ISVs to watch their own: list by package,
 * version or status, get one with every attempt, and retry a failed one. Another
 * account's job answers 404, like one that does not exist.
 */
@RestController
@RequestMapping("/v1/replication-jobs")
class JobController {

	private static final Set<String> LISTING_PARAMETERS = Set.of("packageId", "versionNumber", "status", "pageSize",
			"pageToken");

	private static final String STATUSES = "QUEUED, COPYING, SUCCEEDED, FAILED, REMOVING, REMOVED";

	private final ReplicationJobs jobs;

	JobController(ReplicationJobs jobs) {
		this.jobs = jobs;
	}

	@Operation(summary = "List replication jobs in ID order",
			description = "Operators see every job, an ISV its own packages' jobs; 1 to 100 a page.")
	@GetMapping
	JobPageResponse list(Caller caller, @RequestParam(required = false) @Nullable String packageId,
			@RequestParam(required = false) @Nullable String versionNumber,
			@RequestParam(required = false) @Nullable String status, @RequestParam(defaultValue = "20") String pageSize,
			@RequestParam(required = false) @Nullable String pageToken, HttpServletRequest request) {
		packageId = QueryParameters.given(packageId);
		versionNumber = QueryParameters.given(versionNumber);
		status = QueryParameters.given(status);
		pageToken = QueryParameters.given(pageToken);
		Violations violations = new Violations();
		QueryParameters.onlyKnown(request, LISTING_PARAMETERS, violations);
		int size = violations.pageSize(pageSize);
		Integer version = null;
		if (versionNumber != null) {
			version = versionNumber.matches("[0-9]{1,9}") ? Integer.valueOf(versionNumber) : null;
			violations.check(version != null && version >= 1, "versionNumber", "must be a version number from 1");
		}
		JobStatus jobStatus = null;
		if (status != null) {
			try {
				jobStatus = JobStatus.valueOf(status);
			}
			catch (IllegalArgumentException ex) {
				violations.add("status", "must be one of " + STATUSES);
			}
		}
		String after = (pageToken != null) ? decodeToken(pageToken, violations) : null;
		violations.throwIfAny();
		ReplicationJobs.JobFilter filter = new ReplicationJobs.JobFilter(
				caller.isOperator() ? null : caller.accountId(), packageId, version, jobStatus);
		List<ReplicationJob> found = this.jobs.list(filter, size, after);
		boolean more = found.size() > size;
		List<ReplicationJob> page = more ? found.subList(0, size) : found;
		String next = more ? encodeToken(page.get(page.size() - 1).getId()) : null;
		return new JobPageResponse(page.stream().map(JobResponse::of).toList(), next);
	}

	@Operation(summary = "Get a replication job",
			description = "Status, percent, regional image, failure, every attempt and the instance holding it.")
	@GetMapping("/{jobId}")
	JobResponse get(Caller caller, @PathVariable String jobId) {
		return JobResponse.of(visible(caller, jobId));
	}

	@Operation(summary = "Start a new round of a failed job", description = "Operators only.")
	@PostMapping("/{jobId}/retry")
	JobResponse retry(Caller caller, @PathVariable String jobId) {
		ReplicationJob job = visible(caller, jobId);
		if (!caller.isOperator()) {
			throw new OperatorRequiredException();
		}
		return JobResponse.of(this.jobs.retryJob(job.getId(), "operator-" + UUID.randomUUID()));
	}

	private ReplicationJob visible(Caller caller, String jobId) {
		return this.jobs.find(jobId)
			.filter((job) -> caller.maySee(job.getOwnerAccountId()))
			.orElseThrow(() -> new JobNotFoundException(jobId));
	}

	private static String encodeToken(String lastId) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
	}

	private static @Nullable String decodeToken(String token, Violations violations) {
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
			if (token.length() <= 400 && decoded.matches("[A-Za-z0-9._:-]{1,300}")) {
				return decoded;
			}
		}
		catch (IllegalArgumentException ex) {
			// Reported below.
		}
		violations.add("pageToken", "is not a token this API handed out");
		return null;
	}

	/**
	 * Only operators may retry a job; an ISV retries its failed regions through the
	 * package API.
	 */
	static class OperatorRequiredException extends ApiProblem {

		OperatorRequiredException() {
			super("operator-required", "Operator role required", 403,
					"Only operators retry single jobs; retry a version's failed regions through the package API",
					Map.of());
		}

	}

	/**
	 * A page of jobs.
	 *
	 * @param jobs the jobs
	 * @param nextPageToken the token of the next page, or null on the last
	 */
	record JobPageResponse(List<JobResponse> jobs, @Nullable String nextPageToken) {

	}

	/**
	 * A job as the API shows it.
	 */
	record JobResponse(String id, String packageId, String ownerAccountId, int versionNumber, String region,
			SourceImage source, JobStatus status, int percent, @Nullable String regionalImageId,
			@Nullable String failureCode, @Nullable String failureReason, int attempts, Instant createdAt,
			Instant roundStartedAt, @Nullable Instant finishedAt, @Nullable Instant nextAttemptAt,
			@Nullable Instant estimatedCompletionAt, @Nullable String leaseOwner, List<Attempt> history) {

		static JobResponse of(ReplicationJob job) {
			Instant nextAttempt = (job.getStatus() == JobStatus.QUEUED) ? job.getNextActionAt() : null;
			return new JobResponse(job.getId(), job.getPackageId(), job.getOwnerAccountId(), job.getVersionNumber(),
					job.getRegion(), job.getSource(), job.getStatus(), job.getPercent(), job.getRegionalImageId(),
					job.getFailureCode(), job.getFailureReason(), job.getAttempts(), job.getCreatedAt(),
					job.getRoundStartedAt(), job.getFinishedAt(), nextAttempt, job.getEstimatedCompletionAt(),
					job.getLeaseOwner(), job.getHistory());
		}

	}

}
