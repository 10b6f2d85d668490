package dev.imagepack.replication.job;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

import dev.imagepack.replication.cloud.CloudImages;
import dev.imagepack.platform.store.RetiredIndex;

/**
 * Wires the job feature.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplicationProperties.class)
class JobConfiguration {

	@Bean
	DueJobs dueJobs() {
		return new DueJobs();
	}

	@Bean
	ReplicationJobs replicationJobs(MongoTemplate mongo, Clock clock, DueJobs dueJobs, JobWorker jobWorker) {
		return new ReplicationJobs(mongo, clock, dueJobs, jobWorker);
	}

	@Bean
	JobWorker jobWorker(MongoTemplate mongo, CloudImages cloud, StreamBridge streamBridge, DueJobs dueJobs,
			ReplicationProperties properties, Clock clock) {
		String instanceId = (properties.instanceId() != null && !properties.instanceId().isBlank())
				? properties.instanceId() : "replication-" + UUID.randomUUID().toString().substring(0, 8);
		JobStepper stepper = new JobStepper(cloud, new JobEvents(clock), properties, clock,
				(jobId) -> Optional.ofNullable(mongo.findById(jobId, ReplicationJob.class)));
		return new JobWorker(mongo, stepper, new JobRelay(streamBridge), dueJobs, properties, clock, instanceId);
	}

	/**
	 * Kept by stores an earlier version created: an index of ID and revision, for the
	 * embedded store's sake, which now finds a document by its ID alone.
	 */
	@Bean
	RetiredIndex retiredJobRevisionIndex() {
		return new RetiredIndex(ReplicationJob.COLLECTION, "id_revision");
	}

	/**
	 * Kept by stores an earlier version created: an index of status and next action, for
	 * a search that now reads the due time alone.
	 */
	@Bean
	RetiredIndex retiredJobDueIndex() {
		return new RetiredIndex(ReplicationJob.COLLECTION, "due");
	}

}
