package dev.imagepack.packages.deployment.messaging;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;

import dev.imagepack.events.DistributionOutcome;
import dev.imagepack.events.ImageContent;
import dev.imagepack.events.ImageType;
import dev.imagepack.events.PackageDeleted;
import dev.imagepack.events.VersionDeleted;
import dev.imagepack.events.VersionDistributionSettled;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.VersionRetryRequested;
import dev.imagepack.events.VersionSaved;
import dev.imagepack.packages.deployment.DeploymentPackage;
import dev.imagepack.packages.deployment.PackageEvent;
import dev.imagepack.packages.deployment.PackageVersion;
import dev.imagepack.packages.deployment.RegionStatus;
import dev.imagepack.packages.deployment.VersionRef;

/**
 * Translates the facts a package raised into the published language, reading the package
 * in the state the facts describe.
 */
final class PackageEventMapper {

	private PackageEventMapper() {
	}

	/**
	 * The published event and its CloudEvents subject.
	 *
	 * @param event the Avro event
	 * @param subject what it is about, such as {@code pkg-3f9a1c/versions/2}
	 */
	record Mapped(SpecificRecord event, String subject) {
	}

	static Mapped map(DeploymentPackage source, PackageEvent fact) {
		String packageId = source.getId();
		if (fact instanceof PackageEvent.DraftSaved saved) {
			PackageVersion draft = source.version(new VersionRef(null));
			return new Mapped(VersionSaved.newBuilder()
				.setPackageId(packageId)
				.setPackageName(source.getName())
				.setOwnerAccountId(source.getOwnerAccountId())
				.setVersionName(draft.getName())
				.setContent(content(draft))
				.setRegions(draft.getRegions())
				.setSavedAt(saved.at())
				.build(), subject(packageId, VersionRef.DRAFT));
		}
		if (fact instanceof PackageEvent.VersionPublished published) {
			PackageVersion version = source.version(new VersionRef(published.number()));
			return new Mapped(VersionPublished.newBuilder()
				.setPackageId(packageId)
				.setPackageName(source.getName())
				.setOwnerAccountId(source.getOwnerAccountId())
				.setVersionNumber(published.number())
				.setVersionName(version.getName())
				.setContent(content(version))
				.setRegions(version.getRegions())
				.setPublishedAt(published.at())
				.build(), subject(packageId, String.valueOf(published.number())));
		}
		if (fact instanceof PackageEvent.RetryRequested retry) {
			return new Mapped(VersionRetryRequested.newBuilder()
				.setPackageId(packageId)
				.setVersionNumber(retry.number())
				.setRegions(retry.regions())
				.setRequestedAt(retry.at())
				.build(), subject(packageId, String.valueOf(retry.number())));
		}
		if (fact instanceof PackageEvent.DistributionSettled settled) {
			PackageVersion version = source.version(new VersionRef(settled.number()));
			return new Mapped(VersionDistributionSettled.newBuilder()
				.setPackageId(packageId)
				.setVersionNumber(settled.number())
				.setOutcome(DistributionOutcome.valueOf(version.getStatus().name()))
				.setSucceededRegions(regions(version, RegionStatus.SUCCEEDED))
				.setFailedRegions(regions(version, RegionStatus.FAILED))
				.setSettledAt(settled.at())
				.build(), subject(packageId, String.valueOf(settled.number())));
		}
		if (fact instanceof PackageEvent.VersionDeleted deleted) {
			return new Mapped(VersionDeleted.newBuilder()
				.setPackageId(packageId)
				.setOwnerAccountId(source.getOwnerAccountId())
				.setVersionNumber(deleted.number())
				.setDeletedAt(deleted.at())
				.build(), subject(packageId, new VersionRef(deleted.number()).toString()));
		}
		PackageEvent.PackageDeleted deleted = (PackageEvent.PackageDeleted) fact;
		return new Mapped(PackageDeleted.newBuilder()
			.setPackageId(packageId)
			.setOwnerAccountId(source.getOwnerAccountId())
			.setDeletedAt(deleted.at())
			.build(), packageId);
	}

	private static List<String> regions(PackageVersion version, RegionStatus status) {
		return version.getRegionResults()
			.stream()
			.filter((result) -> result.status() == status)
			.map((result) -> result.region())
			.toList();
	}

	private static ImageContent content(PackageVersion version) {
		var content = version.getContent();
		return ImageContent.newBuilder()
			.setImageType(ImageType.valueOf(content.imageType().name()))
			.setSourceRegion(content.sourceRegion())
			.setSourceImageId(content.sourceImageId())
			.setMarketplaceProductCode(content.marketplaceProductCode())
			.setImageSizeGib(content.imageSizeGib())
			.build();
	}

	private static String subject(String packageId, String version) {
		return packageId + "/versions/" + version;
	}

}
