package dev.imagepack.replication.job;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.imagepack.events.RegionReplicated;
import dev.imagepack.replication.cloud.CloudFailure;
import dev.imagepack.replication.cloud.simulator.FailureRule;
import dev.imagepack.replication.cloud.simulator.FailureRule.Operation;
import dev.imagepack.replication.cloud.simulator.SimulatedCloud;
import dev.imagepack.testsupport.EventTestClient;
import dev.imagepack.testsupport.ServiceIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

import static dev.imagepack.replication.job.ReplicationEvents.customPublished;
import static dev.imagepack.replication.job.ReplicationEvents.newPackageId;
import static dev.imagepack.replication.job.ReplicationEvents.newSourceImageId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replication on a cloud that, like ECS, copies a shared image only within its region,
 * and with limits lower than the regions of one version.
 */
@ServiceIntegrationTest
@TestPropertySource(properties = { "imagepack.cloud.simulator.shared-images-cross-region=false",
		"imagepack.cloud.simulator.time-scale=600", "imagepack.replication.tick=50ms",
		"imagepack.replication.poll-interval=50ms", "imagepack.replication.initial-backoff=50ms",
		"imagepack.replication.max-backoff=200ms", "imagepack.replication.lease-duration=2s",
		"imagepack.replication.max-active-jobs=2" })
class ChainedReplicationTests {

	private static final List<String> REGIONS = List.of("cn-shanghai", "ap-southeast-1", "eu-central-1", "us-west-1");

	@Value("${spring.cloud.stream.kafka.binder.brokers}")
	private String brokers;

	@Autowired
	private SimulatedCloud cloud;

	private EventTestClient events;

	private EventTestClient.TopicReader replicationEvents;

	@BeforeEach
	void setUp() {
		this.events = new EventTestClient(this.brokers);
		this.replicationEvents = this.events.read("replication-events");
	}

	@AfterEach
	void tearDown() {
		this.cloud.clearFailures();
		this.replicationEvents.close();
		this.events.close();
	}

	@Test
	void theOtherRegionsAreCopiedFromTheDistributionAccountsCopyInTheSourceRegion() {
		String packageId = newPackageId();
		String source = newSourceImageId();

		this.events.publish(customPublished(packageId, source, 20, REGIONS));

		Map<String, RegionReplicated> results = byRegion(awaitResults(packageId, 5));
		assertThat(results.values()).allSatisfy((result) -> assertThat(result.getSucceeded()).isTrue());
		String sourceRegionCopy = results.get("cn-hangzhou").getRegionalImageId();
		assertThat(this.cloud.copiesStarted(source)).containsOnly(Map.entry("cn-hangzhou", 1L));
		assertThat(this.cloud.copiesStarted(sourceRegionCopy)).containsOnly(Map.entry("cn-shanghai", 1L),
				Map.entry("ap-southeast-1", 1L), Map.entry("eu-central-1", 1L), Map.entry("us-west-1", 1L));
	}

	@Test
	void aFailedCopyInTheSourceRegionFailsEveryRegionOnce() {
		String packageId = newPackageId();
		String source = newSourceImageId();
		this.cloud.inject(FailureRule.always(Operation.COPY, "cn-hangzhou", CloudFailure.SOURCE_IMAGE_NOT_FOUND)
			.forSourceImage(source));

		this.events.publish(customPublished(packageId, source, 20, REGIONS));

		Map<String, RegionReplicated> results = byRegion(awaitResults(packageId, 5));
		assertThat(results.get("cn-hangzhou").getFailureCode()).isEqualTo("SOURCE_IMAGE_NOT_FOUND");
		assertThat(results).allSatisfy((region, result) -> {
			assertThat(result.getSucceeded()).isFalse();
			if (!region.equals("cn-hangzhou")) {
				assertThat(result.getFailureCode()).isEqualTo("SOURCE_COPY_FAILED");
				assertThat(result.getFailureReason()).contains("cn-hangzhou");
			}
		});
		assertThat(resultsAfterQuiet(packageId)).hasSize(5);
		assertThat(this.cloud.copiesStarted(source)).isEmpty();
	}

	private List<RegionReplicated> awaitResults(String packageId, int count) {
		return ReplicationEvents.awaitResults(this.replicationEvents, packageId, count);
	}

	private List<RegionReplicated> resultsAfterQuiet(String packageId) {
		return ReplicationEvents.resultsAfterQuiet(this.replicationEvents, packageId);
	}

	private static Map<String, RegionReplicated> byRegion(List<RegionReplicated> results) {
		return ReplicationEvents.byRegion(results);
	}

}
