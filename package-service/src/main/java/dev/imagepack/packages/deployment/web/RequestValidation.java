package dev.imagepack.packages.deployment.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.imagepack.packages.deployment.ImageContent;
import dev.imagepack.packages.deployment.ImageType;
import dev.imagepack.packages.deployment.NewPackage;
import dev.imagepack.packages.deployment.Tag;
import dev.imagepack.packages.deployment.VersionDraft;
import dev.imagepack.packages.region.RegionCatalog;
import dev.imagepack.platform.problem.Violations;

/**
 * Checks request bodies against the package rules and turns them into domain requests,
 * reporting every violation at once.
 */
@Component
class RequestValidation {

	static final int MAX_TAGS = 20;

	private static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z0-9_]{3,128}");

	private static final Pattern VERSION_NAME = Pattern.compile("[A-Za-z0-9_]{3,50}");

	private static final Pattern RESOURCE_GROUP = Pattern.compile("rg-[A-Za-z0-9]{3,64}");

	private static final Pattern IMAGE_ID = Pattern.compile("m-[a-z0-9]{8,40}");

	private static final Pattern PUBLIC_IMAGE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{2,127}");

	private static final Pattern PRODUCT_CODE = Pattern.compile("[a-z]{2,10}[0-9]{4,12}");

	private static final String PLAIN_TEXT = "must be plain text: well-formed Unicode without control characters";

	private final RegionCatalog regions;

	RequestValidation(RegionCatalog regions) {
		this.regions = regions;
	}

	NewPackage newPackage(PackageRequests.@Nullable CreatePackageRequest request) {
		Violations violations = new Violations();
		if (request == null) {
			violations.add("body", "is required");
			violations.throwIfAny();
		}
		String name = request.name();
		violations.check(name != null && PACKAGE_NAME.matcher(name).matches(), "name",
				"must be 3 to 128 letters, digits or '_'");
		String resourceGroupId = resourceGroup(request.resourceGroupId(), violations);
		List<Tag> tags = tags(request.tags(), violations);
		VersionDraft draft = null;
		if (violations.check(request.version() != null, "version", "is required: the package's first draft")) {
			draft = draft("version", request.version(), violations);
		}
		violations.throwIfAny();
		return new NewPackage(name, resourceGroupId, tags, draft);
	}

	Settings settings(PackageRequests.@Nullable UpdatePackageRequest request, String currentName) {
		Violations violations = new Violations();
		if (request == null) {
			violations.add("body", "is required");
			violations.throwIfAny();
		}
		violations.check(request.name() == null || request.name().equals(currentName), "name",
				"cannot be changed after creation");
		// A merge patch: what the request leaves out stays as it is.
		String resourceGroupId = request.resourceGroupId();
		if (resourceGroupId != null && !resourceGroupId.isEmpty()) {
			resourceGroupId = resourceGroup(resourceGroupId, violations);
		}
		List<Tag> tags = (request.tags() != null) ? tags(request.tags(), violations) : null;
		violations.throwIfAny();
		return new Settings(resourceGroupId, tags);
	}

	/**
	 * The settings that may change after creation.
	 *
	 * @param resourceGroupId the new resource group: null leaves it, empty removes it
	 * @param tags the new tags, or null to leave them
	 */
	record Settings(@Nullable String resourceGroupId, @Nullable List<Tag> tags) {
	}

	VersionDraft draft(PackageRequests.@Nullable VersionRequest request) {
		Violations violations = new Violations();
		if (request == null) {
			violations.add("body", "is required");
			violations.throwIfAny();
		}
		VersionDraft draft = draft("", request, violations);
		violations.throwIfAny();
		return draft;
	}

	/**
	 * A copy of another version's content under a new name and description.
	 */
	VersionDraft copy(@Nullable String name, @Nullable String description, ImageContent content, List<String> regions) {
		Violations violations = new Violations();
		checkNameAndDescription("", name, description, violations);
		violations.throwIfAny();
		return new VersionDraft(name, description, content, regions);
	}

	private VersionDraft draft(String prefix, PackageRequests.VersionRequest request, Violations violations) {
		String at = prefix.isEmpty() ? "" : prefix + ".";
		checkNameAndDescription(at, request.name(), request.description(), violations);
		ImageContent content = null;
		if (violations.check(request.content() != null, at + "content", "is required")) {
			content = content(at + "content", request.content(), violations);
		}
		List<String> regions = regions(at + "regions", request.regions(), violations);
		if (!violations.isEmpty()) {
			return null;
		}
		return new VersionDraft(request.name(), request.description(), content, regions);
	}

	private void checkNameAndDescription(String at, @Nullable String name, @Nullable String description,
			Violations violations) {
		violations.check(name != null && VERSION_NAME.matcher(name).matches(), at + "name",
				"must be 3 to 50 letters, digits or '_'");
		if (violations.check(
				description != null && Violations.characters(description) >= 10
						&& Violations.characters(description) <= 500,
				at + "description", "must be 10 to 500 characters")) {
			violations.check(Violations.isPlainText(description, true), at + "description", PLAIN_TEXT);
		}
	}

	private @Nullable ImageContent content(String at, PackageRequests.ContentRequest request, Violations violations) {
		ImageType type = null;
		if ("CUSTOM".equals(request.imageType()) || "MARKETPLACE".equals(request.imageType())) {
			type = ImageType.valueOf(request.imageType());
		}
		else {
			violations.add(at + ".imageType", "must be CUSTOM or MARKETPLACE");
		}
		violations.check(request.sourceRegion() != null && this.regions.contains(request.sourceRegion()),
				at + ".sourceRegion", "must be a region of the catalogue, such as cn-hangzhou");
		if (type == ImageType.CUSTOM) {
			String image = request.sourceImageId();
			boolean valid = image != null && (image.startsWith("m-") ? IMAGE_ID.matcher(image).matches()
					: PUBLIC_IMAGE_NAME.matcher(image).matches());
			violations.check(valid, at + ".sourceImageId",
					"must be an image ID like m-bp1g7004ksh0oeuc or a public image name like centos_7_9_x64_20G");
			violations.check(request.marketplaceProductCode() == null, at + ".marketplaceProductCode",
					"must be absent for a CUSTOM image");
		}
		if (type == ImageType.MARKETPLACE) {
			String code = request.marketplaceProductCode();
			violations.check(code != null && PRODUCT_CODE.matcher(code).matches(), at + ".marketplaceProductCode",
					"must be a marketplace product code like cmjj00012345");
			violations.check(request.sourceImageId() == null, at + ".sourceImageId",
					"must be absent for a MARKETPLACE image");
		}
		Integer size = request.imageSizeGib();
		violations.check(size == null || (size >= 1 && size <= 2048), at + ".imageSizeGib",
				"must be 1 to 2048 GiB when given");
		if (type == null) {
			return null;
		}
		return new ImageContent(type, String.valueOf(request.sourceRegion()), request.sourceImageId(),
				request.marketplaceProductCode(), size);
	}

	private List<String> regions(String at, @Nullable List<@Nullable String> requested, Violations violations) {
		if (!violations.check(requested != null && !requested.isEmpty(), at, "must name at least one region")) {
			return List.of();
		}
		Set<String> distinct = new LinkedHashSet<>();
		for (int i = 0; i < requested.size(); i++) {
			String region = requested.get(i);
			if (violations.check(region != null && this.regions.contains(region), at + "[" + i + "]",
					"'" + region + "' is not a region of the catalogue")) {
				violations.check(distinct.add(region), at + "[" + i + "]", "'" + region + "' is listed twice");
			}
		}
		return List.copyOf(distinct);
	}

	private static @Nullable String resourceGroup(@Nullable String resourceGroupId, Violations violations) {
		violations.check(resourceGroupId == null || RESOURCE_GROUP.matcher(resourceGroupId).matches(),
				"resourceGroupId", "must look like rg-acfm2xwq3tqvk4a");
		return resourceGroupId;
	}

	private static List<Tag> tags(@Nullable List<PackageRequests.@Nullable TagRequest> requested,
			Violations violations) {
		if (requested == null) {
			return List.of();
		}
		violations.check(requested.size() <= MAX_TAGS, "tags", "must be at most " + MAX_TAGS + " tags");
		List<Tag> tags = new ArrayList<>();
		Set<String> keys = new HashSet<>();
		for (int i = 0; i < requested.size(); i++) {
			PackageRequests.TagRequest tag = requested.get(i);
			String at = "tags[" + i + "]";
			if (!violations.check(tag != null, at, "must not be null")) {
				continue;
			}
			String key = tag.key();
			boolean keyValid = violations.check(key != null && !key.isEmpty() && Violations.characters(key) <= 128,
					at + ".key", "must be 1 to 128 characters")
					&& violations.check(
							!key.toLowerCase(Locale.ROOT).startsWith("acs:")
									&& !key.toLowerCase(Locale.ROOT).startsWith("aliyun"),
							at + ".key", "must not start with 'acs:' or 'aliyun'")
					&& violations.check(Violations.isPlainText(key, false), at + ".key", PLAIN_TEXT)
					&& violations.check(keys.add(key), at + ".key", "'" + key + "' is used twice");
			String value = (tag.value() != null) ? tag.value() : "";
			boolean valueValid = violations.check(Violations.characters(value) <= 128, at + ".value",
					"must be at most 128 characters")
					&& violations.check(Violations.isPlainText(value, false), at + ".value", PLAIN_TEXT);
			if (keyValid && valueValid) {
				tags.add(new Tag(key, value));
			}
		}
		return tags;
	}

}
