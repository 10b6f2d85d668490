package dev.imagepack.replication.job;

import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * No job with that ID, or none the caller may see.
 */
public class JobNotFoundException extends ApiProblem {

	public JobNotFoundException(String jobId) {
		super("job-not-found", "Replication job not found", 404, "There is no replication job " + jobId,
				Map.of("jobId", jobId));
	}

}
