package dev.imagepack.packages.deployment;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DeploymentPackageTests {

	private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

	@Test
	void publishingGivesTheNextNumberAndEmptiesTheDraftSlot() {
		DeploymentPackage deploymentPackage = Packages.withDraft();

		List<PackageEvent> events = deploymentPackage.publishDraft(T0);

		assertThat(events).containsExactly(new PackageEvent.VersionPublished(1, T0));
		assertThat(deploymentPackage.getDraft()).isNull();
		PackageVersion published = deploymentPackage.version(new VersionRef(1));
		assertThat(published.getStatus()).isEqualTo(VersionStatus.DISTRIBUTING);
		assertThat(published.getRegionResults()).extracting(RegionResult::region)
			.containsExactly("cn-shanghai", "ap-southeast-1", "cn-hangzhou");
	}

	@Test
	void aVersionWhoseRegionsAllSucceedIsAvailable() {
		assertThat(settle(true, true, true)).isEqualTo(VersionStatus.AVAILABLE);
	}

	@Test
	void aVersionWithSomeFailedRegionsIsPartiallyAvailable() {
		assertThat(settle(true, false, true)).isEqualTo(VersionStatus.PARTIALLY_AVAILABLE);
	}

	@Test
	void aVersionWhoseRegionsAllFailedHasFailed() {
		assertThat(settle(false, false, false)).isEqualTo(VersionStatus.FAILED);
	}

	@Test
	void theLastFinalResultSettlesTheVersionOnce() {
		DeploymentPackage deploymentPackage = Packages.published();

		List<PackageEvent> first = deploymentPackage.recordResult(1, Packages.result("cn-shanghai", true, T0), T0);
		deploymentPackage.recordResult(1, Packages.result("ap-southeast-1", true, T0), T0);
		List<PackageEvent> last = deploymentPackage.recordResult(1, Packages.result("cn-hangzhou", true, T0), T0);
		List<PackageEvent> duplicate = deploymentPackage.recordResult(1, Packages.result("cn-hangzhou", true, T0), T0);

		assertThat(first).isEmpty();
		assertThat(last).containsExactly(new PackageEvent.DistributionSettled(1, T0));
		assertThat(duplicate).isEmpty();
	}

	@Test
	void progressAfterAFinalResultIsIgnored() {
		DeploymentPackage deploymentPackage = Packages.published();
		deploymentPackage.recordResult(1, Packages.result("cn-shanghai", true, T0), T0);

		deploymentPackage.recordProgress(1, "cn-shanghai", new ReplicationProgress(30, 1, null, T0.plusSeconds(5)));

		RegionResult shanghai = deploymentPackage.version(new VersionRef(1)).getRegionResults().get(0);
		assertThat(shanghai.status()).isEqualTo(RegionStatus.SUCCEEDED);
		assertThat(shanghai.percent()).isEqualTo(100);
	}

	@Test
	void aRegionShowsTheStartOfItsRoundFromItsFirstProgressToItsResult() {
		DeploymentPackage deploymentPackage = Packages.published();
		ReplicationResult result = Packages.result("cn-shanghai", true, T0.plusSeconds(60));

		deploymentPackage.recordProgress(1, "cn-shanghai",
				new ReplicationProgress(0, 1, result.startedAt(), result.startedAt().plusMillis(27)));
		Instant whileReplicating = shanghai(deploymentPackage).startedAt();
		deploymentPackage.recordResult(1, result, result.finishedAt());

		assertThat(whileReplicating).isEqualTo(result.startedAt());
		assertThat(shanghai(deploymentPackage).startedAt()).isEqualTo(result.startedAt());
	}

	@Test
	void progressWithoutTheRoundsStartTakesTheFirstProgressAsTheStart() {
		DeploymentPackage deploymentPackage = Packages.published();

		deploymentPackage.recordProgress(1, "cn-shanghai", new ReplicationProgress(10, 1, null, T0));
		deploymentPackage.recordProgress(1, "cn-shanghai", new ReplicationProgress(50, 1, null, T0.plusSeconds(5)));

		assertThat(shanghai(deploymentPackage).startedAt()).isEqualTo(T0);
		assertThat(shanghai(deploymentPackage).percent()).isEqualTo(50);
	}

	private static RegionResult shanghai(DeploymentPackage deploymentPackage) {
		return deploymentPackage.version(new VersionRef(1)).regionResult("cn-shanghai").orElseThrow();
	}

	@Test
	void aRetryReplicatesOnlyTheFailedRegionsAndIgnoresALateResultOfTheFailedAttempt() {
		DeploymentPackage deploymentPackage = Packages.published();
		deploymentPackage.recordResult(1, Packages.result("cn-shanghai", true, T0), T0);
		deploymentPackage.recordResult(1, Packages.result("ap-southeast-1", false, T0), T0);
		deploymentPackage.recordResult(1, Packages.result("cn-hangzhou", true, T0), T0);

		List<PackageEvent> retry = deploymentPackage.retryFailedRegions(1, T0.plusSeconds(10));
		deploymentPackage.recordResult(1, Packages.result("ap-southeast-1", false, T0), T0.plusSeconds(11));

		assertThat(retry)
			.containsExactly(new PackageEvent.RetryRequested(1, List.of("ap-southeast-1"), T0.plusSeconds(10)));
		PackageVersion version = deploymentPackage.version(new VersionRef(1));
		assertThat(version.getStatus()).isEqualTo(VersionStatus.DISTRIBUTING);
		assertThat(version.getRegionResults().get(1).status()).isEqualTo(RegionStatus.PENDING);
		List<PackageEvent> settled = deploymentPackage.recordResult(1,
				Packages.result("ap-southeast-1", true, T0.plusSeconds(60)), T0.plusSeconds(60));
		assertThat(settled).hasSize(1);
		assertThat(version.getStatus()).isEqualTo(VersionStatus.AVAILABLE);
	}

	@Test
	void aSettledVersionWhoseFailedRegionIsRetriedOnItsOwnSettlesAgainWithItsNewOutcome() {
		DeploymentPackage deploymentPackage = Packages.published();
		deploymentPackage.recordResult(1, Packages.result("cn-shanghai", true, T0), T0);
		deploymentPackage.recordResult(1, Packages.result("ap-southeast-1", false, T0), T0);
		List<PackageEvent> first = deploymentPackage.recordResult(1, Packages.result("cn-hangzhou", true, T0), T0);
		PackageVersion version = deploymentPackage.version(new VersionRef(1));
		assertThat(first).hasSize(1);
		assertThat(version.getStatus()).isEqualTo(VersionStatus.PARTIALLY_AVAILABLE);

		// An operator retried the region's job: its progress leaves the failed region as
		// it is, its new result settles the version again.
		deploymentPackage.recordProgress(1, "ap-southeast-1",
				new ReplicationProgress(0, 2, T0.plusSeconds(100), T0.plusSeconds(100)));
		ReplicationResult retried = Packages.result("ap-southeast-1", true, 2, T0.plusSeconds(160));
		List<PackageEvent> again = deploymentPackage.recordResult(1, retried, T0.plusSeconds(161));
		List<PackageEvent> repeated = deploymentPackage.recordResult(1, retried, T0.plusSeconds(162));

		assertThat(again).containsExactly(new PackageEvent.DistributionSettled(1, T0.plusSeconds(160)));
		assertThat(version.getStatus()).isEqualTo(VersionStatus.AVAILABLE);
		assertThat(version.getSettledAt()).isEqualTo(T0.plusSeconds(161));
		assertThat(repeated).isEmpty();
	}

	@Test
	void aResultOfALaterAttemptWinsEvenWithAnEarlierEndAndALateOneOfAnEarlierAttemptChangesNothing() {
		DeploymentPackage deploymentPackage = Packages.published();
		deploymentPackage.recordResult(1, Packages.result("cn-shanghai", true, 2, T0.plusSeconds(60)), T0);

		deploymentPackage.recordResult(1, Packages.result("cn-shanghai", true, 3, T0.plusSeconds(30)), T0);
		deploymentPackage.recordResult(1, Packages.result("cn-shanghai", false, 2, T0.plusSeconds(90)), T0);

		RegionResult shanghai = deploymentPackage.version(new VersionRef(1)).regionResult("cn-shanghai").orElseThrow();
		assertThat(shanghai.attempts()).isEqualTo(3);
		assertThat(shanghai.status()).isEqualTo(RegionStatus.SUCCEEDED);
		assertThat(shanghai.finishedAt()).isEqualTo(T0.plusSeconds(30));
	}

	@Test
	void aVersionStillDistributingCannotBeRetried() {
		DeploymentPackage deploymentPackage = Packages.published();

		assertThatExceptionOfType(VersionStateException.class)
			.isThrownBy(() -> deploymentPackage.retryFailedRegions(1, T0));
	}

	@Test
	void aPublishedVersionIsLocked() {
		DeploymentPackage deploymentPackage = Packages.published();

		assertThatExceptionOfType(VersionLockedException.class)
			.isThrownBy(() -> deploymentPackage.editVersion(new VersionRef(1), Packages.draft("release_9"), T0));
	}

	@Test
	void aDeletedPublishedVersionIsDeletedOnceEveryRegionalCopyIsRemoved() {
		DeploymentPackage deploymentPackage = Packages.published();
		deploymentPackage.createDraft(Packages.draft("release_2"), T0);

		List<PackageEvent> events = deploymentPackage.deleteVersion(new VersionRef(1), T0);
		deploymentPackage.recordRemoval(1, "cn-shanghai", T0);
		deploymentPackage.recordRemoval(1, "ap-southeast-1", T0);
		VersionStatus beforeLast = deploymentPackage.version(new VersionRef(1)).getStatus();
		deploymentPackage.recordRemoval(1, "cn-hangzhou", T0);

		assertThat(events).containsExactly(new PackageEvent.VersionDeleted(1, T0));
		assertThat(beforeLast).isEqualTo(VersionStatus.DELETING);
		assertThat(deploymentPackage.version(new VersionRef(1)).getStatus()).isEqualTo(VersionStatus.DELETED);
		assertThat(deploymentPackage.getStatus()).isEqualTo(PackageStatus.ACTIVE);
	}

	@Test
	void deletingThePackageDeletesEveryVersionAndFreesItsName() {
		DeploymentPackage deploymentPackage = Packages.published();
		deploymentPackage.createDraft(Packages.draft("release_2"), T0);

		List<PackageEvent> events = deploymentPackage.delete(T0);

		assertThat(events).containsExactly(new PackageEvent.VersionDeleted(null, T0),
				new PackageEvent.VersionDeleted(1, T0), new PackageEvent.PackageDeleted(T0));
		assertThat(deploymentPackage.getStatus()).isEqualTo(PackageStatus.DELETING);
		List.of("cn-shanghai", "ap-southeast-1", "cn-hangzhou")
			.forEach((region) -> deploymentPackage.recordRemoval(1, region, T0));
		assertThat(deploymentPackage.getStatus()).isEqualTo(PackageStatus.DELETED);
	}

	@Test
	void anOlderVisibilityRevisionIsIgnored() {
		DeploymentPackage deploymentPackage = Packages.withDraft();
		deploymentPackage.applyVisibility(new PackageVisibility("PUBLIC", List.of(), List.of("s1"), List.of(), 5));

		boolean applied = deploymentPackage
			.applyVisibility(new PackageVisibility("PRIVATE", List.of(), List.of(), List.of(), 4));

		assertThat(applied).isFalse();
		assertThat(deploymentPackage.getVisibility().level()).isEqualTo("PUBLIC");
	}

	@Test
	void onlyTheNewestHandledEventIdsAreRemembered() {
		DeploymentPackage deploymentPackage = Packages.withDraft();

		for (int i = 0; i < 600; i++) {
			deploymentPackage.markHandled("event-" + i);
		}

		assertThat(deploymentPackage.hasHandled("event-599")).isTrue();
		assertThat(deploymentPackage.hasHandled("event-99")).isFalse();
	}

	private static VersionStatus settle(boolean shanghai, boolean singapore, boolean hangzhou) {
		DeploymentPackage deploymentPackage = Packages.published();
		deploymentPackage.recordResult(1, Packages.result("cn-shanghai", shanghai, T0), T0);
		deploymentPackage.recordResult(1, Packages.result("ap-southeast-1", singapore, T0), T0);
		deploymentPackage.recordResult(1, Packages.result("cn-hangzhou", hangzhou, T0), T0);
		return deploymentPackage.version(new VersionRef(1)).getStatus();
	}

	/**
	 * Packages in the states the tests start from.
	 */
	static final class Packages {

		static VersionDraft draft(String name) {
			return new VersionDraft(name, "WordPress on Alibaba Cloud Linux 3",
					new ImageContent(ImageType.CUSTOM, "cn-hangzhou", "m-bp1g7004ksh0oeuc", null, 20),
					List.of("cn-shanghai", "ap-southeast-1"));
		}

		static DeploymentPackage withDraft() {
			return DeploymentPackage.create("pkg-test", "isv-1", "wordpress_image", null, List.of(), draft("release_1"),
					T0);
		}

		static DeploymentPackage published() {
			DeploymentPackage deploymentPackage = withDraft();
			deploymentPackage.publishDraft(T0);
			return deploymentPackage;
		}

		static ReplicationResult result(String region, boolean succeeded, Instant finishedAt) {
			return result(region, succeeded, 1, finishedAt);
		}

		static ReplicationResult result(String region, boolean succeeded, int attempts, Instant finishedAt) {
			return new ReplicationResult(region, succeeded, succeeded ? "m-copy-" + region : null,
					succeeded ? null : "QUOTA_EXCEEDED", succeeded ? null : "Quota used up", attempts,
					finishedAt.minusSeconds(30), finishedAt);
		}

	}

}
