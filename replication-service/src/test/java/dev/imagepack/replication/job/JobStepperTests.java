package dev.imagepack.replication.job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.imagepack.events.RegionReplicated;
import dev.imagepack.events.RegionReplicationProgressed;
import dev.imagepack.replication.cloud.CloudException;
import dev.imagepack.replication.cloud.CloudFailure;
import dev.imagepack.replication.cloud.CloudImages;
import dev.imagepack.replication.cloud.CopyRequest;
import dev.imagepack.replication.cloud.CopyStatus;

import static org.assertj.core.api.Assertions.assertThat;

class JobStepperTests {

	private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

	private static final ReplicationProperties PROPERTIES = new ReplicationProperties(null, 16, 4, 4, 4,
			Duration.ofSeconds(2), Duration.ofMinutes(2), 0.2, Duration.ofSeconds(2), Duration.ofHours(6),
			Duration.ofSeconds(15), Duration.ofMillis(200), 10, Duration.ofSeconds(30));

	private final Cloud cloud = new Cloud();

	private final JobStepper stepper = new JobStepper(this.cloud, new JobEvents(Clock.fixed(NOW, ZoneOffset.UTC)),
			PROPERTIES, Clock.fixed(NOW, ZoneOffset.UTC), (jobId) -> Optional.empty());

	@Test
	void aCopyTheCloudFinishesAtOnceSucceedsInTheStepThatStartedIt() {
		ReplicationJob job = startedAttempt();
		this.cloud.answer = new CopyStatus(CopyStatus.State.AVAILABLE, 100, NOW, null);

		this.stepper.advance(job, "instance-1", NOW);

		assertThat(job.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(job.getRegionalImageId()).isEqualTo("m-copy-1");
		assertThat(this.cloud.calls).containsExactly("start " + job.getCopyToken(), "describe m-copy-1");
	}

	@Test
	void aCopyStillRunningAtItsFirstLookIsLookedAtAgainAfterThePollInterval() {
		ReplicationJob job = startedAttempt();
		this.cloud.answer = new CopyStatus(CopyStatus.State.COPYING, 5, null, null);

		this.stepper.advance(job, "instance-1", NOW);

		assertThat(job.getStatus()).isEqualTo(JobStatus.COPYING);
		assertThat(job.getRegionalImageId()).isEqualTo("m-copy-1");
		assertThat(job.getNextActionAt()).isEqualTo(NOW.plus(PROPERTIES.pollInterval()));
	}

	@Test
	void aCopyExpectedToFinishByTheNextLookIsLeftForItsResultToStoreWithoutProgress() {
		ReplicationJob job = startedAttempt();
		Instant expected = NOW.plus(PROPERTIES.pollInterval()).minusMillis(1);
		// Far enough for a progress report, which the result would overwrite at once.
		this.cloud.answer = new CopyStatus(CopyStatus.State.COPYING, 60, expected, null);

		int events = job.getPendingEvents().size();

		boolean store = this.stepper.advance(job, "instance-1", NOW);

		assertThat(store).isFalse();
		assertThat(job.getPendingEvents()).hasSize(events);
		assertThat(job.getStatus()).isEqualTo(JobStatus.COPYING);
		assertThat(job.getRegionalImageId()).isEqualTo("m-copy-1");
		assertThat(job.getNextActionAt()).isEqualTo(expected);
	}

	@Test
	void aCopyExpectedToOutlastTheNextLookIsStoredOnceStarted() {
		ReplicationJob job = startedAttempt();
		this.cloud.answer = new CopyStatus(CopyStatus.State.COPYING, 0,
				NOW.plus(PROPERTIES.pollInterval()).plusMillis(1), null);

		boolean store = this.stepper.advance(job, "instance-1", NOW);

		assertThat(store).isTrue();
		assertThat(job.getNextActionAt()).isEqualTo(NOW.plus(PROPERTIES.pollInterval()));
	}

	@Test
	void aCopyLookedAtAgainIsStoredHoweverSoonItFinishes() {
		ReplicationJob job = startedAttempt();
		this.cloud.answer = new CopyStatus(CopyStatus.State.COPYING, 0, null, null);
		assertThat(this.stepper.advance(job, "instance-1", NOW)).isTrue();
		Instant later = NOW.plus(PROPERTIES.pollInterval());
		this.cloud.answer = new CopyStatus(CopyStatus.State.COPYING, 0, later.plusMillis(1), null);

		assertThat(this.stepper.advance(job, "instance-1", later)).isTrue();
		assertThat(this.cloud.calls).containsExactly("start " + job.getCopyToken(), "describe m-copy-1",
				"describe m-copy-1");
	}

	@Test
	void aRoundsFirstAttemptReportsNothingAsItBegins() {
		ReplicationJob job = startedAttempt();

		assertThat(job.getPendingEvents()).isEmpty();
	}

	@Test
	void aCopyTheCloudFinishesAtOnceReportsOnlyItsResult() {
		ReplicationJob job = startedAttempt();
		this.cloud.answer = new CopyStatus(CopyStatus.State.AVAILABLE, 100, NOW, null);

		this.stepper.advance(job, "instance-1", NOW);

		assertThat(job.getPendingEvents()).extracting(OutgoingEvent::type)
			.containsExactly(RegionReplicated.class.getName());
	}

	@Test
	void aCopyThatOutlastsTheNextLookReportsItsStartWhateverItsProgress() {
		ReplicationJob job = startedAttempt();
		Instant expected = NOW.plus(PROPERTIES.pollInterval()).plusSeconds(60);
		this.cloud.answer = new CopyStatus(CopyStatus.State.COPYING, 0, expected, null);

		this.stepper.advance(job, "instance-1", NOW);

		assertThat(job.getPendingEvents()).extracting(OutgoingEvent::type)
			.containsExactly(RegionReplicationProgressed.class.getName());
		assertThat(job.getEstimatedCompletionAt()).isEqualTo(expected);
	}

	@Test
	void aRetryReportsItsAttemptAsItBegins() {
		ReplicationJob job = startedAttempt();
		this.cloud.failure = new CloudException(CloudFailure.THROTTLED, "Throttled");
		this.stepper.advance(job, "instance-1", NOW);
		assertThat(job.getStatus()).isEqualTo(JobStatus.QUEUED);
		assertThat(job.getPendingEvents()).isEmpty();

		this.stepper.advance(job, "instance-1", job.getNextActionAt());

		assertThat(job.getAttempts()).isEqualTo(2);
		assertThat(job.getPendingEvents()).extracting(OutgoingEvent::type)
			.containsExactly(RegionReplicationProgressed.class.getName());

		// Its copy's start is not reported again.
		this.cloud.answer = new CopyStatus(CopyStatus.State.COPYING, 0, NOW.plusSeconds(600), null);
		this.stepper.advance(job, "instance-1", job.getNextActionAt());
		assertThat(job.getRegionalImageId()).isEqualTo("m-copy-1");
		assertThat(job.getPendingEvents()).hasSize(1);
	}

	@Test
	void aRetryCarriesNeitherTheEstimateNorTheFailureOfTheAttemptBefore() {
		ReplicationJob job = startedAttempt();
		this.cloud.answer = new CopyStatus(CopyStatus.State.COPYING, 0, NOW.plusSeconds(600), null);
		this.stepper.advance(job, "instance-1", NOW);
		assertThat(job.getEstimatedCompletionAt()).isNotNull();
		this.cloud.answer = new CopyStatus(CopyStatus.State.FAILED, 40, null, "Copy failed halfway");
		Instant later = job.getNextActionAt();
		this.stepper.advance(job, "instance-1", later);
		assertThat(job.getStatus()).isEqualTo(JobStatus.QUEUED);
		assertThat(job.getFailureCode()).isEqualTo("COPY_FAILED");

		this.stepper.advance(job, "instance-1", job.getNextActionAt());

		assertThat(job.getAttempts()).isEqualTo(2);
		assertThat(job.getStatus()).isEqualTo(JobStatus.COPYING);
		assertThat(job.getEstimatedCompletionAt()).isNull();
		assertThat(job.getFailureCode()).isNull();
		assertThat(job.getFailureReason()).isNull();
		assertThat(job.getHistory().get(0).failureCode()).isEqualTo("COPY_FAILED");
	}

	@Test
	void aNewJobOfACustomImageBeginsItsFirstAttemptBeforeItIsStoredWithoutACloudCallOrReport() {
		ReplicationJob job = ReplicationJob.queue("pkg-1", "isv-1", 1, "eu-central-1",
				new SourceImage(SourceImage.Kind.CUSTOM, "cn-hangzhou", "m-source", null, 20), NOW);

		assertThat(this.stepper.beginFirstAttempt(job, "instance-1", NOW)).isTrue();

		assertThat(job.getStatus()).isEqualTo(JobStatus.COPYING);
		assertThat(job.getAttempts()).isEqualTo(1);
		assertThat(job.getCopyToken()).isEqualTo(job.getId() + "#1");
		assertThat(job.getPendingEvents()).isEmpty();
		assertThat(this.cloud.calls).isEmpty();
		// Begun once only: a job already begun is left as it is.
		assertThat(this.stepper.beginFirstAttempt(job, "instance-1", NOW)).isFalse();
		assertThat(job.getAttempts()).isEqualTo(1);
	}

	@Test
	void aNewJobOfAMarketplaceImageIsNotBegunBeforeItIsStored() {
		ReplicationJob job = ReplicationJob.queue("pkg-1", "isv-1", 1, "eu-central-1",
				new SourceImage(SourceImage.Kind.MARKETPLACE, "cn-hangzhou", "m-source", "cmjj000321", 20), NOW);

		assertThat(this.stepper.beginFirstAttempt(job, "instance-1", NOW)).isFalse();

		assertThat(job.getStatus()).isEqualTo(JobStatus.QUEUED);
		assertThat(job.getAttempts()).isZero();
		assertThat(this.cloud.calls).isEmpty();
	}

	@Test
	void aCopyWhoseStartWasNotRecordedIsFoundByItsTokenRemovedAndNamedByTheRemovedJob() {
		ReplicationJob job = ReplicationJob.queue("pkg-1", "isv-1", 1, "eu-central-1",
				new SourceImage(SourceImage.Kind.CUSTOM, "cn-hangzhou", "m-source", null, 20), NOW);
		this.stepper.beginFirstAttempt(job, "instance-1", NOW);
		// Deleted as its copy started, before the copy's ID was stored.
		job.removalRequested(NOW);

		this.stepper.advance(job, "instance-1", NOW);

		assertThat(job.getStatus()).isEqualTo(JobStatus.REMOVED);
		assertThat(this.cloud.calls).containsExactly("start " + job.getId() + "#1", "delete m-copy-1");
		assertThat(job.getRegionalImageId()).isEqualTo("m-copy-1");
	}

	private ReplicationJob startedAttempt() {
		ReplicationJob job = ReplicationJob.queue("pkg-1", "isv-1", 1, "eu-central-1",
				new SourceImage(SourceImage.Kind.CUSTOM, "cn-hangzhou", "m-source", null, 20), NOW);
		this.stepper.advance(job, "instance-1", NOW);
		assertThat(job.getStatus()).isEqualTo(JobStatus.COPYING);
		assertThat(this.cloud.calls).isEmpty();
		return job;
	}

	/**
	 * The cloud's answers, as a test sets them.
	 */
	private static final class Cloud implements CloudImages {

		private final List<String> calls = new ArrayList<>();

		private CopyStatus answer = new CopyStatus(CopyStatus.State.COPYING, 0, null, null);

		// Thrown by the next start, once.
		private @Nullable CloudException failure;

		@Override
		public String startCopy(CopyRequest request) {
			this.calls.add("start " + request.clientToken());
			CloudException failing = this.failure;
			if (failing != null) {
				this.failure = null;
				throw failing;
			}
			return "m-copy-1";
		}

		@Override
		public CopyStatus describeCopy(String region, String imageId) {
			this.calls.add("describe " + imageId);
			return this.answer;
		}

		@Override
		public void deleteImage(String region, String imageId) {
			this.calls.add("delete " + imageId);
		}

		@Override
		public Optional<String> findMarketplaceImage(String productCode, String region) {
			return Optional.empty();
		}

		@Override
		public void shareImage(String region, String imageId, Collection<String> accountIds) {
			this.calls.add("share " + imageId);
		}

	}

}
