package dev.imagepack.mapping.version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import dev.imagepack.mapping.access.AccessLevel;
import dev.imagepack.mapping.access.PackageAccess;
import dev.imagepack.platform.identity.Caller;
import dev.imagepack.platform.problem.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The lookup index against the full records it is built from: every answer the same.
 */
class IndexedPackageTests {

	private static final String OWNER = "isv-1";

	private static final String PARTNER = "partner-1";

	private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	private static final String SOURCE = "cn-hangzhou";

	private static final ImageSource CUSTOM = new ImageSource(ImageKind.CUSTOM, SOURCE, "m-source1");

	private static final ImageSource MARKETPLACE = new ImageSource(ImageKind.MARKETPLACE, SOURCE, null);

	private static final List<String> REGIONS = List.of(SOURCE, "cn-shanghai", "eu-west-1", "ap-southeast-1",
			"us-west-1", "me-east-1", "cn-beijing", "xx-nowhere-1");

	private static final List<Caller> CALLERS = List.of(new Caller(OWNER, Set.of()),
			new Caller("ops-1", Set.of(Caller.OPERATOR)), new Caller(PARTNER, Set.of()),
			new Caller("stranger-1", Set.of()));

	private static final List<VersionSelector> SELECTORS = List.of(VersionSelector.parse("draft"),
			VersionSelector.parse("latest"), VersionSelector.parse("1"), VersionSelector.parse("2"),
			VersionSelector.parse("3"), VersionSelector.parse("4"), VersionSelector.parse("5"),
			VersionSelector.parse("6"), VersionSelector.parse("7"), VersionSelector.parse("8"),
			VersionSelector.parse("42"));

	@Test
	void everyLookupAndDetailAnswersAsTheFullRecordsDoForASpreadOfStates() {
		MongoTemplate mongo = mock(MongoTemplate.class);
		MappingView view = new MappingView(mongo);
		MappingLookups lookups = new MappingLookups(view);
		Map<String, PackageMapping> packages = spreadOfPackages();
		packages.values().forEach(view::update);
		int compared = 0;

		for (String packageId : List.of("pkg-busy", "pkg-drafts", "pkg-marketplace", "pkg-ended", "pkg-deleted",
				"pkg-empty", "pkg-unusual", "pkg-unknown")) {
			PackageMapping full = packages.get(packageId);
			for (Caller caller : CALLERS) {
				for (VersionSelector selector : SELECTORS) {
					for (String region : REGIONS) {
						assertThat(answer(() -> lookups.resolve(caller, packageId, selector, region)))
							.as("%s %s %s as %s", packageId, selector, region, caller)
							.isEqualTo(answer(() -> fullResolve(full, caller, packageId, selector, region)));
						compared++;
					}
					if (selector.kind() == VersionSelector.Kind.NUMBER) {
						assertThat(
								answer(() -> details(lookups.publishedVersion(caller, packageId, selector.number()))))
							.as("%s %s as %s", packageId, selector, caller)
							.isEqualTo(answer(() -> details(
									fullDetails(full, caller, packageId).requirePublished(selector.number()))));
					}
				}
				assertThat(answer(() -> lookups.draft(caller, packageId)))
					.isEqualTo(answer(() -> fullDetails(full, caller, packageId).requireDraft()));
			}
		}
		assertThat(compared).isEqualTo(8 * CALLERS.size() * SELECTORS.size() * REGIONS.size());
		verifyNoInteractions(mongo);
	}

	@Test
	void theSpreadCoversEveryAnswer() {
		MappingView view = new MappingView(mock(MongoTemplate.class));
		MappingLookups lookups = new MappingLookups(view);
		spreadOfPackages().values().forEach(view::update);
		Set<String> answers = new TreeSet<>();

		for (String packageId : List.of("pkg-busy", "pkg-drafts", "pkg-marketplace", "pkg-deleted", "pkg-unusual")) {
			for (Caller caller : CALLERS) {
				for (VersionSelector selector : SELECTORS) {
					for (String region : REGIONS) {
						Object answer = answer(() -> lookups.resolve(caller, packageId, selector, region));
						answers.add((answer instanceof Resolution resolution) ? resolution.origin().name()
								: ((Problem) answer).type());
					}
				}
			}
		}

		assertThat(answers).containsExactlyInAnyOrder("SOURCE_IMAGE", "REPLICA", "mapping-not-found",
				"version-not-found", "region-not-selected", "not-yet-distributed", "replication-failed",
				"no-usable-version", "draft-only-in-source-region", "draft-without-image");
	}

	@Test
	void versionsWithTheSameRegionsShareOneRegionSetAndOneInstanceOfEachRegionId() {
		RegionSets shared = new RegionSets();
		// Decoded separately, as two stored documents are: equal strings, not the same.
		PackageMapping first = published("pkg-a", new String("cn-hangzhou"), new String("cn-shanghai"));
		PackageMapping second = published("pkg-b", new String("cn-hangzhou"), new String("cn-shanghai"));
		PackageMapping other = published("pkg-c", new String("cn-hangzhou"), new String("eu-west-1"));

		IndexedVersion a = IndexedPackage.of(first, shared).versions().get(0);
		IndexedVersion b = IndexedPackage.of(second, shared).versions().get(0);
		IndexedVersion c = IndexedPackage.of(other, shared).versions().get(0);

		assertThat(a.regions()).isSameAs(b.regions());
		assertThat(c.regions()).isNotSameAs(a.regions());
		assertThat(c.distributionRegions().get(0)).isSameAs(a.distributionRegions().get(0));
		assertThat(a.selectedRegions().get(0)).isSameAs(a.distributionRegions().get(1));
		assertThat(shared.size()).isEqualTo(2);
	}

	@Test
	void aSucceededRegionCostsItsImageIdAndTwoBytes() {
		List<String> selected = List.of("cn-shanghai", "cn-beijing", "eu-west-1");
		PackageMapping mapping = PackageMapping.empty("pkg-size")
			.publish(OWNER, 1, new PublishedContent(CUSTOM, selected, T0));
		List<String> distribution = new ArrayList<>(List.of(SOURCE));
		distribution.addAll(selected);
		int imageIds = CUSTOM.sourceImageId().length();
		for (String region : distribution) {
			String imageId = "m-copy-" + region;
			imageIds += imageId.length();
			mapping = mapping.recordProgress(1, region, new ReplicaProgress(100, 1, T0.plusSeconds(1)))
				.recordResult(1, region, succeeded(imageId, 1, 2));
		}

		IndexedVersion version = IndexedPackage.of(mapping, new RegionSets()).versions().get(0);

		// Per region a byte of state and one of length, and one of length for the source
		// image: the times, attempts and progress reports are not kept.
		assertThat(version.packedSize()).isEqualTo(imageIds + distribution.size() * 2 + 1);
		assertThat(version.regionState("cn-beijing").regionalImageId()).isEqualTo("m-copy-cn-beijing");
	}

	@Test
	void aValueNeverReplacesOneOfAHigherRevision() {
		MappingView view = new MappingView(mock(MongoTemplate.class));
		PackageMapping older = published("pkg-rev", SOURCE, "cn-shanghai").withRevision(4);
		PackageMapping newer = older.recordResult(1, "cn-shanghai", succeeded("m-new", 1, 5)).withRevision(5);

		view.update(newer);
		view.update(older);

		assertThat(view.find("pkg-rev")).isEqualTo(IndexedPackage.of(newer, new RegionSets()));
		assertThat(view.find("pkg-rev").revision()).isEqualTo(5);
	}

	@Test
	void aVersionNotYetPublishedIsLeftOutButItsReportsCountOncePublished() {
		PackageMapping reported = PackageMapping.empty("pkg-early")
			.recordResult(1, "cn-shanghai", succeeded("m-early", 1, 5));
		PackageMapping publishedLater = reported.publish(OWNER, 1,
				new PublishedContent(CUSTOM, List.of("cn-shanghai"), T0));

		assertThat(IndexedPackage.of(reported, new RegionSets()).versions()).isEmpty();
		assertThat(IndexedPackage.of(publishedLater, new RegionSets())
			.resolve(VersionSelector.parse("1"), "cn-shanghai")
			.imageId()).isEqualTo("m-early");
	}

	private static Map<String, PackageMapping> spreadOfPackages() {
		Map<String, PackageMapping> packages = new LinkedHashMap<>();
		packages.put("pkg-busy", busy("pkg-busy"));
		packages.put("pkg-drafts",
				PackageMapping.empty("pkg-drafts")
					.saveDraft(OWNER, new SavedDraft(MARKETPLACE, List.of("cn-shanghai"), T0))
					.changeAccess(OWNER, new PackageAccess(AccessLevel.PUBLIC, List.of(), 1)));
		PackageMapping marketplace = PackageMapping.empty("pkg-marketplace")
			.changeAccess(OWNER, new PackageAccess(AccessLevel.PUBLIC, List.of(), 1))
			.publish(OWNER, 1, new PublishedContent(MARKETPLACE, List.of("cn-shanghai"), T0))
			.recordProgress(1, SOURCE, new ReplicaProgress(10, 1, T0.plusSeconds(3)))
			.publish(OWNER, 2, new PublishedContent(MARKETPLACE, List.of("cn-shanghai", "eu-west-1"), T0))
			.recordResult(2, SOURCE, succeeded("m-mkt-hz", 1, 10))
			.recordResult(2, "eu-west-1", succeeded("m-mkt-eu", 1, 10))
			.recordRemoval(2, "cn-shanghai", T0.plusSeconds(60));
		packages.put("pkg-marketplace", marketplace);
		packages.put("pkg-ended",
				PackageMapping.empty("pkg-ended")
					.saveDraft(OWNER, new SavedDraft(CUSTOM, List.of("cn-shanghai"), T0))
					.deleteDraft(OWNER, T0.plusSeconds(1)));
		packages.put("pkg-deleted",
				busy("pkg-deleted").delete(OWNER, T0.plusSeconds(90))
					.withRevision(2)
					.recordResult(1, "cn-shanghai", succeeded("m-late", 1, 10)));
		packages.put("pkg-empty", PackageMapping.empty("pkg-empty"));
		packages.put("pkg-unusual", PackageMapping.empty("pkg-unusual")
			.changeAccess(OWNER, new PackageAccess(AccessLevel.PUBLIC, List.of(), 1))
			.publish(OWNER, 1,
					new PublishedContent(new ImageSource(ImageKind.CUSTOM, SOURCE, "m-ünïcödé-\uD83D\uDE00"),
							List.of("cn-shanghai", "eu-west-1", "us-west-1"), T0))
			.recordResult(1, SOURCE, succeeded("", 1, 10))
			.recordResult(1, "cn-shanghai", succeeded("m-" + "x".repeat(20_000), 1, 10))
			.recordResult(1, "eu-west-1", succeeded("m-lone-\uD800-surrogate", 1, 10))
			.recordResult(1, "us-west-1", new ReplicaResult(false, null, "CODE-é", "Raison: ça a échoué", 1, T0))
			.publish(OWNER, 2, new PublishedContent(CUSTOM, List.of("us-west-1"), T0))
			.recordProgress(2, "us-west-1", new ReplicaProgress(-3, 1, T0))
			.recordProgress(2, SOURCE, new ReplicaProgress(100_000, 1, T0)));
		return packages;
	}

	/**
	 * A package with every kind of region state in its versions, a draft and a whitelist.
	 */
	private static PackageMapping busy(String packageId) {
		List<String> four = List.of("cn-shanghai", "eu-west-1", "ap-southeast-1", "us-west-1");
		return PackageMapping.empty(packageId)
			.saveDraft(OWNER, new SavedDraft(CUSTOM, List.of("cn-shanghai", "eu-west-1"), T0.plusSeconds(500)))
			.changeAccess(OWNER, new PackageAccess(AccessLevel.WHITELIST, List.of(PARTNER), 3))
			// 1: every kind of region state.
			.publish(OWNER, 1, new PublishedContent(CUSTOM, four, T0))
			.recordResult(1, SOURCE, succeeded("m-hz1", 1, 10))
			.recordProgress(1, "cn-shanghai", new ReplicaProgress(40, 1, T0.plusSeconds(5)))
			.recordResult(1, "cn-shanghai", succeeded("m-sh1", 1, 10))
			.recordResult(1, "eu-west-1", failed("QUOTA_EXCEEDED", 1, 11))
			.recordProgress(1, "ap-southeast-1", new ReplicaProgress(45, 1, T0.plusSeconds(6)))
			.recordResult(1, "me-east-1", succeeded("m-not-selected", 1, 12))
			// 2: a retried failure, and a later attempt in progress after a result.
			.publish(OWNER, 2, new PublishedContent(CUSTOM, List.of("cn-shanghai", "eu-west-1"), T0))
			.recordResult(2, "eu-west-1", failed("QUOTA_EXCEEDED", 1, 11))
			.requestRetry(2, List.of("eu-west-1"), T0.plusSeconds(20))
			.recordResult(2, "cn-shanghai", succeeded("m-sh2", 1, 10))
			.recordProgress(2, "cn-shanghai", new ReplicaProgress(70, 2, T0.plusSeconds(30)))
			// 3: deleted; 4: only reports, never published.
			.publish(OWNER, 3, new PublishedContent(CUSTOM, List.of("cn-shanghai"), T0))
			.recordResult(3, "cn-shanghai", succeeded("m-sh3", 1, 10))
			.deleteVersion(OWNER, 3, T0.plusSeconds(40))
			.recordResult(4, "cn-shanghai", succeeded("m-sh4", 1, 10))
			// 5: being deleted, its source copy removed; its selection names the source.
			.publish(OWNER, 5, new PublishedContent(CUSTOM, List.of(SOURCE, "cn-shanghai"), T0))
			.recordResult(5, SOURCE, succeeded("m-hz5", 1, 10))
			.recordRemoval(5, SOURCE, T0.plusSeconds(50))
			.recordResult(5, "cn-shanghai", succeeded("m-sh5", 1, 10))
			// 6: a failure without code or reason.
			.publish(OWNER, 6, new PublishedContent(CUSTOM, List.of("eu-west-1"), T0))
			.recordResult(6, "eu-west-1", new ReplicaResult(false, null, null, null, 2, T0.plusSeconds(9)));
	}

	private static Resolution fullResolve(PackageMapping mapping, Caller caller, String packageId,
			VersionSelector selector, String region) {
		// What the lookup did before the index, on the full records.
		if (mapping == null || !mapping.admits(caller)) {
			throw new MappingNotFoundException(packageId);
		}
		if (selector.kind() == VersionSelector.Kind.DRAFT && !mapping.showsDetailsTo(caller)) {
			throw new MappingNotFoundException(packageId);
		}
		return mapping.resolve(selector, region);
	}

	private static PackageMapping fullDetails(PackageMapping mapping, Caller caller, String packageId) {
		if (mapping == null || !mapping.showsDetailsTo(caller)) {
			throw new MappingNotFoundException(packageId);
		}
		return mapping;
	}

	private static Details details(VersionMapping version) {
		PublishedContent published = version.published();
		return new Details(version.number(), published.source(), published.regions(), version.distributionRegions(),
				version.usableRegions(), version.distributionRegions().stream().map(version::regionState).toList());
	}

	private static Details details(IndexedVersion version) {
		return new Details(version.number(), version.source(), version.selectedRegions(), version.distributionRegions(),
				version.usableRegions(), version.distributionRegions().stream().map(version::regionState).toList());
	}

	private static Object answer(Supplier<?> call) {
		try {
			return call.get();
		}
		catch (ApiProblem problem) {
			return new Problem(problem.getClass().getSimpleName(), problem.type(), problem.status(),
					problem.getMessage(), problem.properties());
		}
	}

	private static PackageMapping published(String packageId, String sourceRegion, String region) {
		return PackageMapping.empty(packageId)
			.publish(OWNER, 1, new PublishedContent(new ImageSource(ImageKind.CUSTOM, sourceRegion, "m-src"),
					List.of(region), T0));
	}

	private static ReplicaResult succeeded(String imageId, int attempts, int secondsAfterStart) {
		return new ReplicaResult(true, imageId, null, null, attempts, T0.plusSeconds(secondsAfterStart));
	}

	private static ReplicaResult failed(String code, int attempts, int secondsAfterStart) {
		return new ReplicaResult(false, null, code, "The region's quota is used up", attempts,
				T0.plusSeconds(secondsAfterStart));
	}

	private record Problem(String kind, String type, int status, String message, Map<String, Object> properties) {

	}

	private record Details(int number, ImageSource source, List<String> selected, List<String> distribution,
			List<String> usable, List<RegionState> states) {

	}

}
