package dev.imagepack.events;

import java.time.Instant;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;

/**
 * One plausible event of every type of the catalogue.
 */
public final class SampleEvents {

	public static final String PACKAGE_ID = "pkg-3f9a1c";

	public static final String OWNER = "isv-1001";

	private static final Instant AT = Instant.parse("2026-12-01T08:30:00.123Z");

	private SampleEvents() {
	}

	public static ImageContent customImage() {
		return ImageContent.newBuilder()
			.setImageType(ImageType.CUSTOM)
			.setSourceRegion("cn-hangzhou")
			.setSourceImageId("m-bp1g7004ksh0oeuc****")
			.setImageSizeGib(20)
			.build();
	}

	public static VersionSaved versionSaved() {
		return VersionSaved.newBuilder()
			.setPackageId(PACKAGE_ID)
			.setPackageName("wordpress_image")
			.setOwnerAccountId(OWNER)
			.setVersionName("release_1")
			.setContent(customImage())
			.setRegions(List.of("cn-hangzhou", "cn-shanghai"))
			.setSavedAt(AT)
			.build();
	}

	public static VersionPublished versionPublished() {
		return VersionPublished.newBuilder()
			.setPackageId(PACKAGE_ID)
			.setPackageName("wordpress_image")
			.setOwnerAccountId(OWNER)
			.setVersionNumber(1)
			.setVersionName("release_1")
			.setContent(customImage())
			.setRegions(List.of("cn-hangzhou", "cn-shanghai", "ap-southeast-1"))
			.setPublishedAt(AT)
			.build();
	}

	public static List<SpecificRecord> oneOfEach() {
		return List.of(versionSaved(), versionPublished(),
				VersionDistributionSettled.newBuilder()
					.setPackageId(PACKAGE_ID)
					.setVersionNumber(1)
					.setOutcome(DistributionOutcome.PARTIALLY_AVAILABLE)
					.setSucceededRegions(List.of("cn-hangzhou", "cn-shanghai"))
					.setFailedRegions(List.of("ap-southeast-1"))
					.setSettledAt(AT)
					.build(),
				VersionRetryRequested.newBuilder()
					.setPackageId(PACKAGE_ID)
					.setVersionNumber(1)
					.setRegions(List.of("ap-southeast-1"))
					.setRequestedAt(AT)
					.build(),
				VersionDeleted.newBuilder()
					.setPackageId(PACKAGE_ID)
					.setOwnerAccountId(OWNER)
					.setVersionNumber(null)
					.setDeletedAt(AT)
					.build(),
				PackageDeleted.newBuilder().setPackageId(PACKAGE_ID).setOwnerAccountId(OWNER).setDeletedAt(AT).build(),
				RegionReplicationProgressed.newBuilder()
					.setPackageId(PACKAGE_ID)
					.setVersionNumber(1)
					.setRegion("cn-shanghai")
					.setPercent(40)
					.setAttempt(1)
					.setEstimatedCompletionAt(AT.plusSeconds(120))
					.setReportedAt(AT)
					.build(),
				RegionReplicated.newBuilder()
					.setPackageId(PACKAGE_ID)
					.setVersionNumber(1)
					.setRegion("ap-southeast-1")
					.setSucceeded(false)
					.setFailureCode("QUOTA_EXCEEDED")
					.setFailureReason("Image quota of the distribution account is used up in ap-southeast-1")
					.setAttempts(1)
					.setStartedAt(AT)
					.setFinishedAt(AT.plusSeconds(3))
					.build(),
				RegionImageRemoved.newBuilder()
					.setPackageId(PACKAGE_ID)
					.setVersionNumber(1)
					.setRegion("cn-shanghai")
					.setRegionalImageId("m-uf6c8a0d3e1b2f4a5c6d")
					.setRemovedAt(AT)
					.build(),
				ServiceVisibilityChanged.newBuilder()
					.setServiceId("service-0e6fca")
					.setOwnerAccountId(OWNER)
					.setVisibility(ServiceVisibility.PUBLIC)
					.setWhitelistAccountIds(List.of("customer-2002"))
					.setPackageVersions(List.of(new PackageVersionRef(PACKAGE_ID, "1")))
					.setStatus(ServiceStatus.ACTIVE)
					.setRevision(7)
					.setChangedAt(AT)
					.build(),
				PackageVisibilityChanged.newBuilder()
					.setPackageId(PACKAGE_ID)
					.setOwnerAccountId(OWNER)
					.setVisibility(PackageVisibility.WHITELIST)
					.setAllowedAccountIds(List.of("customer-2002"))
					.setContributingServiceIds(List.of("service-0e6fca"))
					.setVersionUsages(List.of(new PackageVersionUsage("1", List.of("service-0e6fca"))))
					.setRevision(3)
					.setChangedAt(AT)
					.build());
	}

}
