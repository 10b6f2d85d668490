package dev.imagepack.permission.visibility;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VisibilityRulesTests {

	private static final String PACKAGE = "pkg-1";

	@Test
	void noServiceLeavesThePackagePrivateToItsOwner() {
		Visibility visibility = VisibilityRules.decide(PACKAGE, List.of());

		assertThat(visibility).isEqualTo(Visibility.PRIVATE);
		assertThat(visibility.admits("isv", "isv")).isTrue();
		assertThat(visibility.admits("isv", "customer")).isFalse();
	}

	@Test
	void onePublicServiceMakesThePackagePublic() {
		Visibility visibility = VisibilityRules.decide(PACKAGE,
				List.of(service("s-private", "PRIVATE", List.of()), service("s-public", "PUBLIC", List.of())));

		assertThat(visibility.level()).isEqualTo("PUBLIC");
		assertThat(visibility.contributingServiceIds()).containsExactly("s-public");
		assertThat(visibility.admits("isv", "anyone")).isTrue();
	}

	@Test
	void onlyPrivateServicesKeepThePackagePrivate() {
		Visibility visibility = VisibilityRules.decide(PACKAGE,
				List.of(service("s-b", "PRIVATE", List.of()), service("s-a", "PRIVATE", List.of())));

		assertThat(visibility.level()).isEqualTo("PRIVATE");
		assertThat(visibility.contributingServiceIds()).containsExactly("s-a", "s-b");
		assertThat(visibility.admits("isv", "customer")).isFalse();
	}

	@Test
	void aPrivateServiceWithAWhitelistCarriesItsWhitelistOver() {
		Visibility visibility = VisibilityRules.decide(PACKAGE,
				List.of(service("s-white", "PRIVATE", List.of("c-1", "c-2"))));

		assertThat(visibility.level()).isEqualTo("WHITELIST");
		assertThat(visibility.allowedAccountIds()).containsExactly("c-1", "c-2");
		assertThat(visibility.admits("isv", "c-2")).isTrue();
		assertThat(visibility.admits("isv", "c-3")).isFalse();
		assertThat(visibility.admits("isv", "isv")).as("the owner always").isTrue();
	}

	@Test
	void aPublicServiceWithAWhitelistIsLimitedToItsWhitelist() {
		Visibility visibility = VisibilityRules.decide(PACKAGE, List.of(service("s-white", "PUBLIC", List.of("c-1"))));

		assertThat(visibility.level()).isEqualTo("WHITELIST");
		assertThat(visibility.allowedAccountIds()).containsExactly("c-1");
	}

	@Test
	void whitelistsOfSeveralServicesAddUp() {
		Visibility visibility = VisibilityRules.decide(PACKAGE,
				List.of(service("s-1", "PRIVATE", List.of("c-2", "c-1")),
						service("s-2", "PUBLIC", List.of("c-3", "c-1")), service("s-3", "PRIVATE", List.of())));

		assertThat(visibility.level()).isEqualTo("WHITELIST");
		assertThat(visibility.allowedAccountIds()).containsExactly("c-1", "c-2", "c-3");
		assertThat(visibility.contributingServiceIds()).containsExactly("s-1", "s-2");
	}

	@Test
	void publicWithoutWhitelistBeatsWhitelistWhichBeatsPrivate() {
		Visibility visibility = VisibilityRules.decide(PACKAGE, List.of(service("s-1", "PRIVATE", List.of()),
				service("s-2", "PRIVATE", List.of("c-1")), service("s-3", "PUBLIC", List.of())));

		assertThat(visibility.level()).isEqualTo("PUBLIC");
		assertThat(visibility.allowedAccountIds()).isEmpty();
	}

	@Test
	void aDeletedServiceDoesNotCount() {
		ServiceRecord deleted = new ServiceRecord("s-gone", "isv", "PUBLIC", List.of(), List.of(), false, 3,
				Instant.now());

		assertThat(VisibilityRules.decide(PACKAGE, List.of(deleted))).isEqualTo(Visibility.PRIVATE);
	}

	@Test
	void aServiceOfAnUnknownVisibilityCountsAsPrivate() {
		Visibility visibility = VisibilityRules.decide(PACKAGE, List.of(service("s-new", "UNKNOWN", List.of())));

		assertThat(visibility.level()).isEqualTo("PRIVATE");
	}

	@Test
	void versionUsagesListTheServicesOfEachVersion() {
		ServiceRecord both = new ServiceRecord("s-1", "isv", "PRIVATE", List.of(),
				List.of(new ServiceRecord.PackageVersionRef(PACKAGE, "1"),
						new ServiceRecord.PackageVersionRef(PACKAGE, "draft"),
						new ServiceRecord.PackageVersionRef("pkg-other", "4")),
				true, 1, Instant.now());

		Visibility visibility = VisibilityRules.decide(PACKAGE, List.of(both, service("s-0", "PUBLIC", List.of())));

		assertThat(visibility.versionUsages()).containsExactly(new Visibility.VersionUsage("1", List.of("s-0", "s-1")),
				new Visibility.VersionUsage("draft", List.of("s-1")));
	}

	private static ServiceRecord service(String id, String visibility, List<String> whitelist) {
		return new ServiceRecord(id, "isv", visibility, whitelist,
				List.of(new ServiceRecord.PackageVersionRef(PACKAGE, "1")), true, 1, Instant.now());
	}

}
