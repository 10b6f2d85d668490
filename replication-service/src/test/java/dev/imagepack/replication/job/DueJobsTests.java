package dev.imagepack.replication.job;

import java.time.Instant;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DueJobsTests {

	private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

	private static final Predicate<String> ANY = (region) -> true;

	private final DueJobs dueJobs = new DueJobs();

	@Test
	void hintsComeOutSoonestFirstAndOnlyOnceDue() {
		this.dueJobs.offer("p:1:eu-central-1", "eu-central-1", NOW.plusSeconds(2));
		this.dueJobs.offer("p:1:cn-shanghai", "cn-shanghai", NOW);
		this.dueJobs.offer("p:1:us-west-1", "us-west-1", NOW.minusSeconds(1));

		assertThat(this.dueJobs.poll(NOW, ANY)).extracting(DueJobs.Hint::jobId).isEqualTo("p:1:us-west-1");
		assertThat(this.dueJobs.poll(NOW, ANY)).extracting(DueJobs.Hint::jobId).isEqualTo("p:1:cn-shanghai");
		assertThat(this.dueJobs.poll(NOW, ANY)).isNull();
		assertThat(this.dueJobs.poll(NOW.plusSeconds(2), ANY)).extracting(DueJobs.Hint::jobId)
			.isEqualTo("p:1:eu-central-1");
		assertThat(this.dueJobs.size()).isZero();
	}

	@Test
	void aJobHintedTwiceIsHeldOnceAtItsEarlierTime() {
		this.dueJobs.offer("p:1:cn-shanghai", "cn-shanghai", NOW.plusSeconds(5));
		this.dueJobs.offer("p:1:cn-shanghai", "cn-shanghai", NOW);
		this.dueJobs.offer("p:1:cn-shanghai", "cn-shanghai", NOW.plusSeconds(9));

		assertThat(this.dueJobs.size()).isOne();
		assertThat(this.dueJobs.poll(NOW, ANY))
			.isEqualTo(new DueJobs.Hint("p:1:cn-shanghai", "cn-shanghai", NOW, null));
		assertThat(this.dueJobs.poll(NOW.plusSeconds(9), ANY)).isNull();
	}

	@Test
	void theJobAsThisInstanceWroteItRidesWithItsHintUntilAnOfferSaysNothingOfIt() {
		ReplicationJob queued = job("cn-shanghai");
		ReplicationJob retried = job("cn-shanghai");
		this.dueJobs.offer(queued);
		assertThat(this.dueJobs.poll(NOW, ANY)).extracting(DueJobs.Hint::written).isSameAs(queued);

		this.dueJobs.offer(queued);
		this.dueJobs.offer(retried.getId(), "cn-shanghai", NOW.plusSeconds(3));
		assertThat(this.dueJobs.poll(NOW, ANY)).extracting(DueJobs.Hint::written).isNull();

		this.dueJobs.offer(queued);
		this.dueJobs.offer(retried);
		assertThat(this.dueJobs.poll(NOW, ANY)).extracting(DueJobs.Hint::written).isSameAs(retried);
		assertThat(this.dueJobs.size()).isZero();
	}

	private static ReplicationJob job(String region) {
		return ReplicationJob.queue("pkg-1", "isv-1", 1, region,
				new SourceImage(SourceImage.Kind.CUSTOM, "cn-hangzhou", "m-source", null, 20), NOW);
	}

	@Test
	void aRegionWithoutRoomIsPassedOverAndKeepsItsHints() {
		this.dueJobs.offer("p:1:cn-shanghai", "cn-shanghai", NOW.minusSeconds(5));
		this.dueJobs.offer("p:2:cn-shanghai", "cn-shanghai", NOW.minusSeconds(4));
		this.dueJobs.offer("p:1:us-west-1", "us-west-1", NOW);

		assertThat(this.dueJobs.poll(NOW, (region) -> !region.equals("cn-shanghai"))).extracting(DueJobs.Hint::jobId)
			.isEqualTo("p:1:us-west-1");
		assertThat(this.dueJobs.poll(NOW, (region) -> !region.equals("cn-shanghai"))).isNull();
		assertThat(this.dueJobs.poll(NOW, ANY)).extracting(DueJobs.Hint::jobId).isEqualTo("p:1:cn-shanghai");
		assertThat(this.dueJobs.size()).isOne();
	}

	@Test
	void hintsBeyondTheCapacityAreDroppedForTheSearchToFind() {
		for (int i = 0; i < DueJobs.CAPACITY; i++) {
			assertThat(this.dueJobs.offer("p:" + i + ":cn-shanghai", "cn-shanghai", NOW)).isTrue();
		}

		assertThat(this.dueJobs.offer("q:1:cn-shanghai", "cn-shanghai", NOW)).isFalse();
		assertThat(this.dueJobs.offer("p:0:cn-shanghai", "cn-shanghai", NOW.minusSeconds(1))).isTrue();
		assertThat(this.dueJobs.size()).isEqualTo(DueJobs.CAPACITY);
	}

}
