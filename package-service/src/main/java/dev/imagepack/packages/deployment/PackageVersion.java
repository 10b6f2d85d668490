package dev.imagepack.packages.deployment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.PersistenceCreator;

/**
 * One version of a package: the draft, or a published, numbered version whose content is
 * locked.
 */
public class PackageVersion {

	private @Nullable Integer number;

	private String name;

	private String description;

	private ImageContent content;

	private List<String> regions;

	private VersionStatus status;

	private List<RegionResult> regionResults;

	private Instant createdAt;

	private Instant updatedAt;

	private @Nullable Instant publishedAt;

	private @Nullable Instant settledAt;

	@PersistenceCreator
	PackageVersion(@Nullable Integer number, String name, String description, ImageContent content,
			List<String> regions, VersionStatus status, List<RegionResult> regionResults, Instant createdAt,
			Instant updatedAt, @Nullable Instant publishedAt, @Nullable Instant settledAt) {
		this.number = number;
		this.name = name;
		this.description = description;
		this.content = content;
		this.regions = new ArrayList<>(regions);
		this.status = status;
		this.regionResults = new ArrayList<>(regionResults);
		this.createdAt = createdAt;
		this.updatedAt = updatedAt;
		this.publishedAt = publishedAt;
		this.settledAt = settledAt;
	}

	static PackageVersion draft(VersionDraft draft, Instant now) {
		return new PackageVersion(null, draft.name(), draft.description(), draft.content(), draft.regions(),
				VersionStatus.DRAFT, List.of(), now, now, null, null);
	}

	void edit(VersionDraft draft, Instant now) {
		this.name = draft.name();
		this.description = draft.description();
		this.content = draft.content();
		this.regions = new ArrayList<>(draft.regions());
		this.updatedAt = now;
	}

	void publish(int number, Instant now) {
		this.number = number;
		this.status = VersionStatus.DISTRIBUTING;
		this.publishedAt = now;
		this.updatedAt = now;
		this.regionResults = new ArrayList<>(distributionRegions().stream().map(RegionResult::pending).toList());
	}

	/**
	 * The regions replication reports on: the selected ones, and the source region, which
	 * always gets a copy in the distribution account.
	 * @return the regions, selected ones first
	 */
	public List<String> distributionRegions() {
		Set<String> regions = new LinkedHashSet<>(this.regions);
		regions.add(this.content.sourceRegion());
		return List.copyOf(regions);
	}

	Optional<RegionResult> regionResult(String region) {
		return this.regionResults.stream().filter((result) -> result.region().equals(region)).findFirst();
	}

	void updateRegion(String region, UnaryOperator<RegionResult> change, Instant now) {
		this.regionResults.replaceAll((result) -> result.region().equals(region) ? change.apply(result) : result);
		this.updatedAt = now;
	}

	boolean allRegionsFinal() {
		return this.regionResults.stream().allMatch((result) -> result.status().isFinal());
	}

	boolean allRegionsRemoved() {
		return this.regionResults.stream().allMatch((result) -> result.status() == RegionStatus.REMOVED);
	}

	VersionStatus settledStatus() {
		long succeeded = this.regionResults.stream()
			.filter((result) -> result.status() == RegionStatus.SUCCEEDED)
			.count();
		if (succeeded == this.regionResults.size()) {
			return VersionStatus.AVAILABLE;
		}
		return (succeeded > 0) ? VersionStatus.PARTIALLY_AVAILABLE : VersionStatus.FAILED;
	}

	void changeStatus(VersionStatus status, Instant now) {
		this.status = status;
		this.updatedAt = now;
		if (status.isSettled()) {
			this.settledAt = now;
		}
	}

	List<String> regionsWithStatus(RegionStatus status) {
		return this.regionResults.stream()
			.filter((result) -> result.status() == status)
			.map(RegionResult::region)
			.toList();
	}

	/**
	 * How this version is addressed: its number, or {@code draft}.
	 * @return the reference
	 */
	public String ref() {
		return (this.number != null) ? this.number.toString() : VersionRef.DRAFT;
	}

	public @Nullable Integer getNumber() {
		return this.number;
	}

	public String getName() {
		return this.name;
	}

	public String getDescription() {
		return this.description;
	}

	public ImageContent getContent() {
		return this.content;
	}

	public List<String> getRegions() {
		return List.copyOf(this.regions);
	}

	public VersionStatus getStatus() {
		return this.status;
	}

	public List<RegionResult> getRegionResults() {
		return List.copyOf(this.regionResults);
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public @Nullable Instant getPublishedAt() {
		return this.publishedAt;
	}

	public @Nullable Instant getSettledAt() {
		return this.settledAt;
	}

}
