package dev.imagepack.mapping.version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import dev.imagepack.mapping.access.AccessLevel;
import dev.imagepack.mapping.access.PackageAccess;
import dev.imagepack.platform.identity.Caller;
import dev.imagepack.platform.problem.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PackageMappingTests {

	private static final String PACKAGE = "pkg-orders";

	private static final String OWNER = "isv-1";

	private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	private static final ImageSource CUSTOM = new ImageSource(ImageKind.CUSTOM, "cn-hangzhou", "m-source1");

	@Test
	void aMarketplaceDraftHasNoImageInAnyRegionItSelectedAndACustomOneOnlyInItsSourceRegion() {
		ImageSource marketplace = new ImageSource(ImageKind.MARKETPLACE, "cn-hangzhou", null);
		SavedDraft draft = new SavedDraft(marketplace, List.of("cn-shanghai", "eu-west-1"), T0);

		assertThat(problemOf(() -> draft.resolve(PACKAGE, "cn-hangzhou"))).isEqualTo("draft-without-image");
		assertThat(problemOf(() -> draft.resolve(PACKAGE, "cn-shanghai"))).isEqualTo("draft-without-image");
		assertThat(problemOf(() -> draft.resolve(PACKAGE, "us-west-1"))).isEqualTo("region-not-selected");

		SavedDraft custom = new SavedDraft(CUSTOM, List.of("cn-shanghai"), T0);
		assertThat(custom.resolve(PACKAGE, "cn-hangzhou").imageId()).isEqualTo("m-source1");
		assertThat(problemOf(() -> custom.resolve(PACKAGE, "cn-shanghai"))).isEqualTo("draft-only-in-source-region");
		assertThat(problemOf(() -> custom.resolve(PACKAGE, "us-west-1"))).isEqualTo("region-not-selected");
	}

	private static String problemOf(Runnable lookup) {
		try {
			lookup.run();
		}
		catch (ApiProblem ex) {
			return ex.type();
		}
		throw new AssertionError("Resolved");
	}

	@Test
	void everyOrderOfResultsProgressDuplicatesAndVisibilityEndsInTheSameState() {
		List<UnaryOperator<PackageMapping>> events = List.of(
				(m) -> m.publish(OWNER, 1, published("cn-shanghai", "ap-southeast-1", "eu-west-1")),
				(m) -> m.recordResult(1, "cn-hangzhou", succeeded("m-hz", 1, 10)),
				(m) -> m.recordResult(1, "cn-shanghai", succeeded("m-sh", 1, 20)),
				(m) -> m.recordResult(1, "ap-southeast-1", failed("QUOTA_EXCEEDED", 3, 30)),
				(m) -> m.recordProgress(1, "cn-shanghai", new ReplicaProgress(40, 1, T0.plusSeconds(5))),
				(m) -> m.recordResult(1, "cn-shanghai", succeeded("m-sh", 1, 20)),
				(m) -> m.recordProgress(1, "eu-west-1", new ReplicaProgress(60, 1, T0.plusSeconds(15))),
				(m) -> m.changeAccess(OWNER, new PackageAccess(AccessLevel.PUBLIC, List.of(), 2)),
				(m) -> m.changeAccess(OWNER, new PackageAccess(AccessLevel.PRIVATE, List.of(), 1)));

		PackageMapping end = sameEndStateInEveryOrder(events);

		assertThat(end.resolve(number(1), "cn-hangzhou").imageId()).isEqualTo("m-hz");
		assertThat(end.resolve(number(1), "cn-shanghai").origin()).isEqualTo(ImageOrigin.REPLICA);
		assertThatExceptionOfType(ReplicationFailedException.class)
			.isThrownBy(() -> end.resolve(number(1), "ap-southeast-1"));
		assertThatExceptionOfType(NotYetDistributedException.class)
			.isThrownBy(() -> end.resolve(number(1), "eu-west-1"))
			.satisfies((ex) -> assertThat(ex.properties()).containsEntry("percent", 60));
		assertThatExceptionOfType(RegionNotSelectedException.class)
			.isThrownBy(() -> end.resolve(number(1), "us-west-1"))
			.satisfies((ex) -> assertThat(ex.properties()).containsEntry("usableRegions",
					List.of("cn-hangzhou", "cn-shanghai")));
		assertThat(end.admits(new Caller("stranger", Set.of()))).isTrue();
	}

	@Test
	void aRetriedRegionEndsWithItsLaterAttemptInEveryOrder() {
		List<UnaryOperator<PackageMapping>> events = List.of((m) -> m.publish(OWNER, 1, published("cn-shanghai")),
				(m) -> m.recordResult(1, "cn-shanghai", failed("QUOTA_EXCEEDED", 1, 10)),
				(m) -> m.requestRetry(1, List.of("cn-shanghai"), T0.plusSeconds(20)),
				(m) -> m.recordProgress(1, "cn-shanghai", new ReplicaProgress(50, 2, T0.plusSeconds(30))),
				(m) -> m.recordResult(1, "cn-shanghai", succeeded("m-sh2", 2, 40)));

		PackageMapping end = sameEndStateInEveryOrder(events);

		assertThat(end.resolve(number(1), "cn-shanghai").imageId()).isEqualTo("m-sh2");
	}

	@Test
	void aRetryBeforeItsNewResultReplicatesAgainInEveryOrder() {
		List<UnaryOperator<PackageMapping>> events = List.of((m) -> m.publish(OWNER, 1, published("cn-shanghai")),
				(m) -> m.recordResult(1, "cn-shanghai", failed("QUOTA_EXCEEDED", 1, 10)),
				(m) -> m.recordProgress(1, "cn-shanghai", new ReplicaProgress(70, 1, T0.plusSeconds(5))),
				(m) -> m.requestRetry(1, List.of("cn-shanghai"), T0.plusSeconds(20)));

		PackageMapping end = sameEndStateInEveryOrder(events);

		assertThatExceptionOfType(NotYetDistributedException.class)
			.isThrownBy(() -> end.resolve(number(1), "cn-shanghai"))
			.satisfies((ex) -> assertThat(ex.properties()).containsEntry("percent", 0));
	}

	@Test
	void aDeletedVersionStaysDeletedInEveryOrder() {
		List<UnaryOperator<PackageMapping>> events = List.of((m) -> m.publish(OWNER, 1, published("cn-shanghai")),
				(m) -> m.recordResult(1, "cn-shanghai", succeeded("m-sh", 1, 10)),
				(m) -> m.deleteVersion(OWNER, 1, T0.plusSeconds(20)),
				(m) -> m.recordRemoval(1, "cn-shanghai", T0.plusSeconds(30)),
				(m) -> m.recordProgress(1, "cn-shanghai", new ReplicaProgress(90, 1, T0.plusSeconds(8))),
				(m) -> m.publish(OWNER, 2, published("cn-shanghai")));

		PackageMapping end = sameEndStateInEveryOrder(events);

		assertThatExceptionOfType(VersionNotFoundException.class)
			.isThrownBy(() -> end.resolve(number(1), "cn-shanghai"));
		assertThat(end.resolve(VersionSelector.parse("latest"), "cn-hangzhou").version()).isEqualTo("2");
	}

	@Test
	void aDeletedPackageKeepsOnlyItsTombstoneInEveryOrder() {
		List<UnaryOperator<PackageMapping>> events = List.of((m) -> m.saveDraft(OWNER, draft(CUSTOM, 1)),
				(m) -> m.publish(OWNER, 1, published("cn-shanghai")),
				(m) -> m.recordResult(1, "cn-shanghai", succeeded("m-sh", 1, 10)),
				(m) -> m.changeAccess(OWNER, new PackageAccess(AccessLevel.PUBLIC, List.of(), 1)),
				(m) -> m.delete(OWNER, T0.plusSeconds(60)));

		PackageMapping end = sameEndStateInEveryOrder(events);

		assertThat(end.isDeleted()).isTrue();
		assertThat(end.versions()).isEmpty();
		assertThat(end.admits(new Caller(OWNER, Set.of()))).isFalse();
	}

	@Test
	void theDraftIsTheNewestSaveAfterTheLastPublishOrDeletionInEveryOrder() {
		ImageSource newer = new ImageSource(ImageKind.CUSTOM, "cn-beijing", "m-newer1");
		List<UnaryOperator<PackageMapping>> events = List.of((m) -> m.saveDraft(OWNER, draft(CUSTOM, 1)),
				(m) -> m.publish(OWNER, 1, published("cn-shanghai")), (m) -> m.deleteDraft(OWNER, T0.plusSeconds(4)),
				(m) -> m.saveDraft(OWNER, draft(newer, 5)));

		PackageMapping end = sameEndStateInEveryOrder(events);

		Resolution resolved = end.resolve(VersionSelector.parse("draft"), "cn-beijing");
		assertThat(resolved.imageId()).isEqualTo("m-newer1");
		assertThat(resolved.origin()).isEqualTo(ImageOrigin.SOURCE_IMAGE);
	}

	@Test
	void aDraftResolvesOnlyInItsSourceRegion() {
		PackageMapping mapping = PackageMapping.empty(PACKAGE).saveDraft(OWNER, draft(CUSTOM, 1));

		assertThat(mapping.resolve(VersionSelector.parse("draft"), "cn-hangzhou").imageId()).isEqualTo("m-source1");
		assertThatExceptionOfType(DraftOnlyInSourceRegionException.class)
			.isThrownBy(() -> mapping.resolve(VersionSelector.parse("draft"), "cn-shanghai"))
			.satisfies((ex) -> assertThat(ex.properties()).containsEntry("usableRegions", List.of("cn-hangzhou")));
		assertThatExceptionOfType(RegionNotSelectedException.class)
			.isThrownBy(() -> mapping.resolve(VersionSelector.parse("draft"), "us-west-1"))
			.satisfies((ex) -> assertThat(ex.properties()).containsEntry("usableRegions", List.of("cn-hangzhou")));
	}

	@Test
	void aMarketplaceDraftHasNoImageToResolve() {
		ImageSource marketplace = new ImageSource(ImageKind.MARKETPLACE, "cn-hangzhou", null);
		PackageMapping mapping = PackageMapping.empty(PACKAGE).saveDraft(OWNER, draft(marketplace, 1));

		assertThatExceptionOfType(DraftWithoutImageException.class)
			.isThrownBy(() -> mapping.resolve(VersionSelector.parse("draft"), "cn-hangzhou"));
	}

	@Test
	void aMarketplaceVersionResolvesInItsSourceRegionOnlyOnceCopied() {
		ImageSource marketplace = new ImageSource(ImageKind.MARKETPLACE, "cn-hangzhou", null);
		PackageMapping published = PackageMapping.empty(PACKAGE)
			.publish(OWNER, 1, new PublishedContent(marketplace, List.of("cn-shanghai"), T0));

		assertThatExceptionOfType(NotYetDistributedException.class)
			.isThrownBy(() -> published.resolve(number(1), "cn-hangzhou"));
		PackageMapping copied = published.recordResult(1, "cn-hangzhou", succeeded("m-mkt1", 1, 10));
		assertThat(copied.resolve(number(1), "cn-hangzhou").origin()).isEqualTo(ImageOrigin.REPLICA);
	}

	@Test
	void latestSkipsVersionsNotUsableInTheRegion() {
		PackageMapping mapping = PackageMapping.empty(PACKAGE)
			.publish(OWNER, 1, published("cn-shanghai"))
			.recordResult(1, "cn-shanghai", succeeded("m-v1sh", 1, 10))
			.publish(OWNER, 2, published("cn-shanghai"))
			.recordProgress(2, "cn-shanghai", new ReplicaProgress(30, 1, T0.plusSeconds(20)));

		assertThat(mapping.resolve(VersionSelector.parse("latest"), "cn-shanghai").version()).isEqualTo("1");
		assertThat(mapping.resolve(VersionSelector.parse("latest"), "cn-hangzhou").version()).isEqualTo("2");
		assertThatExceptionOfType(NoUsableVersionException.class)
			.isThrownBy(() -> mapping.resolve(VersionSelector.parse("latest"), "eu-west-1"));
	}

	@Test
	void anEventNamingAnotherOwnerIsRefused() {
		PackageMapping mapping = PackageMapping.empty(PACKAGE).saveDraft(OWNER, draft(CUSTOM, 1));

		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> mapping.changeAccess("isv-2", new PackageAccess(AccessLevel.PUBLIC, List.of(), 1)))
			.withMessageContaining("owned by isv-1");
	}

	/**
	 * Applies the events in every order, sharing the states of common prefixes, and
	 * checks that every order ends in the same state.
	 */
	private static PackageMapping sameEndStateInEveryOrder(List<UnaryOperator<PackageMapping>> events) {
		List<PackageMapping> ends = new ArrayList<>();
		permute(PackageMapping.empty(PACKAGE), new ArrayList<>(events), 0, ends);
		return ends.get(0);
	}

	private static void permute(PackageMapping state, List<UnaryOperator<PackageMapping>> events, int from,
			List<PackageMapping> ends) {
		if (from == events.size()) {
			if (ends.isEmpty()) {
				ends.add(state);
			}
			if (!state.equals(ends.get(0))) {
				assertThat(state).as("state after %s", events).isEqualTo(ends.get(0));
			}
			return;
		}
		for (int i = from; i < events.size(); i++) {
			Collections.swap(events, from, i);
			permute(events.get(from).apply(state), events, from + 1, ends);
			Collections.swap(events, from, i);
		}
	}

	private static VersionSelector number(int number) {
		return VersionSelector.parse(Integer.toString(number));
	}

	private static PublishedContent published(String... regions) {
		return new PublishedContent(CUSTOM, List.of(regions), T0);
	}

	private static SavedDraft draft(ImageSource source, int secondsAfterStart) {
		return new SavedDraft(source, List.of("cn-shanghai"), T0.plusSeconds(secondsAfterStart));
	}

	private static ReplicaResult succeeded(String imageId, int attempts, int secondsAfterStart) {
		return new ReplicaResult(true, imageId, null, null, attempts, T0.plusSeconds(secondsAfterStart));
	}

	private static ReplicaResult failed(String code, int attempts, int secondsAfterStart) {
		return new ReplicaResult(false, null, code, "The region's quota is used up", attempts,
				T0.plusSeconds(secondsAfterStart));
	}

}
