package dev.imagepack.replication.job;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * The job is not in a state that allows the request.
 */
public class JobStateException extends ApiProblem {

	public JobStateException(String jobId, JobStatus status, String detail) {
		super("job-state-conflict", "Replication job in the wrong state", 409, detail,
				Map.of("jobId", jobId, "jobStatus", status.name()));
	}

}
