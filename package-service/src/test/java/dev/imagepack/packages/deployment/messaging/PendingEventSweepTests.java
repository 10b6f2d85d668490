package dev.imagepack.packages.deployment.messaging;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.imagepack.events.VersionSaved;
import dev.imagepack.packages.deployment.DeploymentPackage;
import dev.imagepack.packages.deployment.DeploymentPackageRepository;
import dev.imagepack.packages.deployment.ImageContent;
import dev.imagepack.packages.deployment.ImageType;
import dev.imagepack.packages.deployment.PackageEvent;
import dev.imagepack.packages.deployment.VersionDraft;
import dev.imagepack.testsupport.EventTestClient;
import dev.imagepack.testsupport.ServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
class PendingEventSweepTests {

	@Value("${spring.cloud.stream.kafka.binder.brokers}")
	private String brokers;

	@Autowired
	private DeploymentPackageRepository packages;

	@Autowired
	private PendingEventRelay relay;

	@Test
	void eventsLeftPendingByACrashAreSentByTheSweepWithoutAnyFurtherChange() {
		// As a crash between the write and the relay leaves a package: saved with its
		// event, and nobody told to relay it.
		VersionDraft draft = new VersionDraft("release_1", "Left behind by a crash",
				new ImageContent(ImageType.CUSTOM, "cn-hangzhou", "m-bp1g7004ksh0oeuc", null, 20),
				List.of("cn-shanghai"));
		DeploymentPackage orphan = DeploymentPackage.create("pkg-sweep" + System.nanoTime() % 10_000_000, "isv-sweep",
				"left_behind", null, List.of(), draft, Instant.now());
		this.relay.append(orphan, List.of(new PackageEvent.DraftSaved(Instant.now())));
		this.packages.save(orphan);

		try (EventTestClient client = new EventTestClient(this.brokers);
				EventTestClient.TopicReader packageEvents = client.read("package-events")) {
			packageEvents.awaitEvents(VersionSaved.class, 1, (event) -> event.getPackageId().equals(orphan.getId()));
		}
		assertThat(this.packages.findById(orphan.getId()).orElseThrow().getPendingEvents()).isEmpty();
	}

}
