package dev.imagepack.replication.cloud.aliyun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.aliyun.ecs20140526.Client;
import com.aliyun.ecs20140526.models.CancelCopyImageRequest;
import com.aliyun.ecs20140526.models.CopyImageRequest;
import com.aliyun.ecs20140526.models.CopyImageRequest.CopyImageRequestTag;
import com.aliyun.ecs20140526.models.CopyImageResponse;
import com.aliyun.ecs20140526.models.DeleteImageRequest;
import com.aliyun.ecs20140526.models.DescribeImagesRequest;
import com.aliyun.ecs20140526.models.DescribeImagesRequest.DescribeImagesRequestTag;
import com.aliyun.ecs20140526.models.DescribeImagesResponse;
import com.aliyun.ecs20140526.models.DescribeImagesResponseBody;
import com.aliyun.ecs20140526.models.DescribeImagesResponseBody.DescribeImagesResponseBodyImagesImage;
import com.aliyun.ecs20140526.models.ModifyImageSharePermissionRequest;
import com.aliyun.teaopenapi.models.Config;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagepack.replication.cloud.CloudException;
import dev.imagepack.replication.cloud.CloudFailure;
import dev.imagepack.replication.cloud.CloudImages;
import dev.imagepack.replication.cloud.CopyRequest;
import dev.imagepack.replication.cloud.CopyStatus;

/**
 * The cloud port on Alibaba Cloud ECS, through the official SDK ({@code ecs20140526}).
 * Each region is called at its own endpoint unless {@link AliyunProperties#endpoint()}
 * names one for all. The SDK does not retry; the replication job does, by the
 * {@link CloudFailure} that {@link AliyunErrors} assigns.
 * <p>
 * <b>Copies.</b> {@code CopyImage} is called in the source region with
 * {@code DestinationRegionId} set to the target region. A copy within one region is
 * allowed: ECS documents the destination region as optional and copies an image that
 * another account shared with the platform only within its own region, which is how the
 * source region gets a copy owned by the distribution account. The adapter therefore
 * sends such a request as it is, with the destination equal to the source region, and
 * does not refuse it. Since {@link #copiesSharedImagesAcrossRegions()} says so,
 * replication copies the other regions from that copy, which the distribution account
 * owns.
 * <p>
 * <b>Idempotency.</b> {@code CopyImage} takes no client token. The adapter tags each copy
 * with the request's client token ({@value #TOKEN_TAG}) and, before copying, looks in the
 * target region for an image of the distribution account with that tag; if one exists its
 * ID is returned and nothing new starts. A copy that ECS does not list yet (its listing
 * can lag the call by moments) is not found this way, so two calls with one token in
 * quick succession can still start two copies.
 * <p>
 * <b>Progress.</b> {@code DescribeImages} in the target region by image ID, over every
 * status: {@code Creating} and {@code Waiting} are copying (with {@code Progress} such as
 * {@code "45%"}), {@code Available} is done, {@code CreateFailed}, {@code UnAvailable}
 * and {@code Deprecated} are failed, an empty list is not found.
 * <p>
 * <b>Deletion.</b> ECS refuses to delete an image whose copy is still running, so a copy
 * in progress is first cancelled with {@code CancelCopyImage}; then {@code DeleteImage}
 * runs with {@code Force=true}. An image that does not exist, or a copy that ended before
 * it could be cancelled, is no error.
 * <p>
 * <b>Marketplace.</b> {@code DescribeImages} cannot filter by product code, so the
 * available marketplace images of the region are read page by page and matched by their
 * {@code ProductCode}; the newest matching image wins.
 * <p>
 * <b>Sharing.</b> {@code ModifyImageSharePermission} takes at most {@value #SHARE_BATCH}
 * accounts a call, so more are shared in batches, duplicates removed; the batches before
 * a failed one stay shared.
 */
public class AliyunEcsImages implements CloudImages {

	/** The tag that carries a copy's client token. */
	static final String TOKEN_TAG = "imagepack:client-token";

	/** The most accounts one {@code ModifyImageSharePermission} call takes. */
	static final int SHARE_BATCH = 10;

	/**
	 * Every image status, since {@code DescribeImages} lists only available ones
	 * otherwise.
	 */
	static final String ALL_STATUSES = "Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated";

	private static final int PAGE_SIZE = 100;

	// 5,000 marketplace images in a region at most; the listing is cut off beyond.
	private static final int MAX_PAGES = 50;

	private static final int MAX_TAG_VALUE = 128;

	private static final Logger logger = LoggerFactory.getLogger(AliyunEcsImages.class);

	private final AliyunProperties properties;

	private final Map<String, Client> clients = new ConcurrentHashMap<>();

	public AliyunEcsImages(AliyunProperties properties) {
		this.properties = properties;
	}

	/**
	 * ECS copies an image that another account shared only within its region.
	 * @return false
	 */
	@Override
	public boolean copiesSharedImagesAcrossRegions() {
		return false;
	}

	@Override
	public String startCopy(CopyRequest request) {
		String target = request.targetRegion();
		String token = tokenTagValue(request.clientToken());
		Optional<String> existing = copyWithToken(target, token);
		if (existing.isPresent()) {
			logger.atInfo()
				.addKeyValue("region", target)
				.addKeyValue("sourceImageId", request.sourceImageId())
				.addKeyValue("imageId", existing.get())
				.log("Copy already started with this client token");
			return existing.get();
		}
		CopyImageRequest copy = new CopyImageRequest().setRegionId(request.sourceRegion())
			.setImageId(request.sourceImageId())
			.setDestinationRegionId(target)
			.setDestinationImageName(request.imageName())
			.setDestinationDescription("Copy of " + request.sourceImageId() + " from " + request.sourceRegion())
			.setTag(List.of(new CopyImageRequestTag().setKey(TOKEN_TAG).setValue(token)));
		CopyImageResponse response = call("CopyImage", request.sourceRegion(), (client) -> client.copyImage(copy));
		String imageId = (response.getBody() != null) ? response.getBody().getImageId() : null;
		if (imageId == null || imageId.isBlank()) {
			throw new CloudException(CloudFailure.SERVICE_UNAVAILABLE,
					"CopyImage in " + request.sourceRegion() + " answered without an image ID");
		}
		logger.atInfo()
			.addKeyValue("sourceRegion", request.sourceRegion())
			.addKeyValue("sourceImageId", request.sourceImageId())
			.addKeyValue("region", target)
			.addKeyValue("imageId", imageId)
			.log("Copy started");
		return imageId;
	}

	private Optional<String> copyWithToken(String region, String token) {
		DescribeImagesRequest query = new DescribeImagesRequest().setRegionId(region)
			.setImageOwnerAlias("self")
			.setStatus(ALL_STATUSES)
			.setTag(List.of(new DescribeImagesRequestTag().setKey(TOKEN_TAG).setValue(token)))
			.setPageSize(PAGE_SIZE);
		List<DescribeImagesResponseBodyImagesImage> images = images(describe(region, query));
		List<String> ids = images.stream()
			.filter((image) -> image.getImageId() != null)
			.sorted(Comparator.comparing((image) -> creationTime(image)))
			.map(DescribeImagesResponseBodyImagesImage::getImageId)
			.toList();
		if (ids.size() > 1) {
			logger.atWarn()
				.addKeyValue("region", region)
				.addKeyValue("imageIds", ids)
				.log("Several copies carry one client token; using the oldest");
		}
		return ids.stream().findFirst();
	}

	@Override
	public CopyStatus describeCopy(String region, String imageId) {
		DescribeImagesRequest query = new DescribeImagesRequest().setRegionId(region)
			.setImageId(imageId)
			.setImageOwnerAlias("self")
			.setStatus(ALL_STATUSES);
		DescribeImagesResponseBodyImagesImage image = images(describe(region, query)).stream()
			.filter((candidate) -> imageId.equals(candidate.getImageId()))
			.findFirst()
			.orElse(null);
		if (image == null) {
			return new CopyStatus(CopyStatus.State.NOT_FOUND, 0, null, "No image " + imageId + " in " + region);
		}
		String status = (image.getStatus() != null) ? image.getStatus() : "";
		int percent = percent(image.getProgress());
		CopyStatus copyStatus = switch (status) {
			case "Available" -> new CopyStatus(CopyStatus.State.AVAILABLE, 100, null, null);
			case "CreateFailed", "UnAvailable", "Deprecated" -> new CopyStatus(CopyStatus.State.FAILED, percent, null,
					"The copy " + imageId + " in " + region + " is " + status);
			case "Creating", "Waiting" -> new CopyStatus(CopyStatus.State.COPYING, Math.min(99, percent), null, null);
			default -> {
				logger.atWarn()
					.addKeyValue("region", region)
					.addKeyValue("imageId", imageId)
					.addKeyValue("status", status)
					.log("Unknown image status; taken as still copying");
				yield new CopyStatus(CopyStatus.State.COPYING, Math.min(99, percent), null, null);
			}
		};
		logger.atDebug()
			.addKeyValue("region", region)
			.addKeyValue("imageId", imageId)
			.addKeyValue("status", status)
			.addKeyValue("percent", copyStatus.percent())
			.log("Copy described");
		return copyStatus;
	}

	@Override
	public void deleteImage(String region, String imageId) {
		CopyStatus status = describeCopy(region, imageId);
		if (status.state() == CopyStatus.State.COPYING) {
			cancelCopy(region, imageId);
		}
		DeleteImageRequest delete = new DeleteImageRequest().setRegionId(region).setImageId(imageId).setForce(true);
		try {
			call("DeleteImage", region, (client) -> client.deleteImage(delete));
		}
		catch (CloudException ex) {
			if (!AliyunErrors.isImageNotFound(ex.getCause())) {
				throw ex;
			}
		}
		logger.atInfo()
			.addKeyValue("region", region)
			.addKeyValue("imageId", imageId)
			.addKeyValue("previousState", status.state())
			.log("Image deleted");
	}

	private void cancelCopy(String region, String imageId) {
		CancelCopyImageRequest cancel = new CancelCopyImageRequest().setRegionId(region).setImageId(imageId);
		try {
			call("CancelCopyImage", region, (client) -> client.cancelCopyImage(cancel));
			logger.atInfo().addKeyValue("region", region).addKeyValue("imageId", imageId).log("Copy cancelled");
		}
		catch (CloudException ex) {
			String code = AliyunErrors.codeOf(ex.getCause());
			// Gone already, or the copy ended in the meantime: the deletion goes on.
			if (!AliyunErrors.isImageNotFound(ex.getCause()) && !"IncorrectImageStatus".equals(code)) {
				throw ex;
			}
			logger.atDebug()
				.addKeyValue("region", region)
				.addKeyValue("imageId", imageId)
				.addKeyValue("code", code)
				.log("Nothing to cancel");
		}
	}

	@Override
	public Optional<String> findMarketplaceImage(String productCode, String region) {
		List<DescribeImagesResponseBodyImagesImage> offered = new ArrayList<>();
		int seen = 0;
		boolean complete = false;
		for (int page = 1; page <= MAX_PAGES && !complete; page++) {
			DescribeImagesRequest query = new DescribeImagesRequest().setRegionId(region)
				.setImageOwnerAlias("marketplace")
				.setStatus("Available")
				.setPageNumber(page)
				.setPageSize(PAGE_SIZE);
			DescribeImagesResponseBody body = describe(region, query);
			List<DescribeImagesResponseBodyImagesImage> images = images(body);
			images.stream()
				.filter((image) -> productCode.equals(image.getProductCode()) && image.getImageId() != null)
				.forEach(offered::add);
			seen += images.size();
			Integer total = (body != null) ? body.getTotalCount() : null;
			complete = images.size() < PAGE_SIZE || (total != null && seen >= total);
		}
		if (!complete) {
			logger.atWarn()
				.addKeyValue("region", region)
				.addKeyValue("productCode", productCode)
				.addKeyValue("marketplaceImagesRead", seen)
				.log("Marketplace listing read only in part");
		}
		Optional<String> image = offered.stream()
			.max(Comparator.comparing((candidate) -> creationTime(candidate)))
			.map(DescribeImagesResponseBodyImagesImage::getImageId);
		logger.atInfo()
			.addKeyValue("region", region)
			.addKeyValue("productCode", productCode)
			.addKeyValue("imageId", image.orElse(null))
			.addKeyValue("marketplaceImagesRead", seen)
			.log(image.isPresent() ? "Marketplace image found" : "Marketplace product not offered");
		return image;
	}

	@Override
	public void shareImage(String region, String imageId, Collection<String> accountIds) {
		List<String> accounts = new ArrayList<>(new LinkedHashSet<>(accountIds));
		int batches = 0;
		for (int from = 0; from < accounts.size(); from += SHARE_BATCH) {
			List<String> batch = List.copyOf(accounts.subList(from, Math.min(accounts.size(), from + SHARE_BATCH)));
			ModifyImageSharePermissionRequest share = new ModifyImageSharePermissionRequest().setRegionId(region)
				.setImageId(imageId)
				.setAddAccount(batch);
			call("ModifyImageSharePermission", region, (client) -> client.modifyImageSharePermission(share));
			batches++;
		}
		logger.atInfo()
			.addKeyValue("region", region)
			.addKeyValue("imageId", imageId)
			.addKeyValue("accounts", accounts.size())
			.addKeyValue("calls", batches)
			.log("Image shared");
	}

	private @Nullable DescribeImagesResponseBody describe(String region, DescribeImagesRequest query) {
		DescribeImagesResponse response = call("DescribeImages", region, (client) -> client.describeImages(query));
		return response.getBody();
	}

	private static List<DescribeImagesResponseBodyImagesImage> images(@Nullable DescribeImagesResponseBody body) {
		if (body == null || body.getImages() == null || body.getImages().getImage() == null) {
			return List.of();
		}
		return body.getImages().getImage();
	}

	private <T> T call(String action, String region, EcsCall<T> call) {
		try {
			return call.run(client(region));
		}
		catch (CloudException ex) {
			throw ex;
		}
		catch (Exception ex) {
			CloudException failure = AliyunErrors.toCloudException(action, region, ex);
			logger.atDebug()
				.addKeyValue("action", action)
				.addKeyValue("region", region)
				.addKeyValue("failure", failure.failure())
				.addKeyValue("code", AliyunErrors.codeOf(ex))
				.log("ECS call failed");
			throw failure;
		}
	}

	private Client client(String region) {
		return this.clients.computeIfAbsent(region, this::newClient);
	}

	private Client newClient(String region) {
		Config config = new Config().setAccessKeyId(this.properties.accessKeyId())
			.setAccessKeySecret(this.properties.accessKeySecret())
			.setRegionId(region)
			.setProtocol(this.properties.protocol())
			.setConnectTimeout((int) this.properties.connectTimeout().toMillis())
			.setReadTimeout((int) this.properties.readTimeout().toMillis());
		if (this.properties.endpoint() != null) {
			config.setEndpoint(this.properties.endpoint());
		}
		try {
			return new Client(config);
		}
		catch (Exception ex) {
			throw new CloudException(CloudFailure.INVALID_REQUEST,
					"No ECS client for region " + region + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * The percentage in a progress such as {@code "45%"}.
	 * @param progress the progress ECS reports
	 * @return 0 to 100; 0 when there is none
	 */
	static int percent(@Nullable String progress) {
		if (progress == null) {
			return 0;
		}
		String digits = progress.trim().replace("%", "").trim();
		try {
			return (int) Math.max(0, Math.min(100, Math.round(Double.parseDouble(digits))));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * The tag value that carries a client token. Tag values have at most 128 characters
	 * and must not start with {@code aliyun}, {@code acs:} or {@code http}; a token that
	 * could break these rules is replaced by its SHA-256 digest.
	 * @param clientToken the client token
	 * @return the tag value
	 */
	static String tokenTagValue(String clientToken) {
		String lower = clientToken.toLowerCase(Locale.ROOT);
		if (!clientToken.isBlank() && clientToken.length() <= MAX_TAG_VALUE && !lower.startsWith("aliyun")
				&& !lower.startsWith("acs:") && !lower.startsWith("http")) {
			return clientToken;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(clientToken.getBytes(StandardCharsets.UTF_8));
			return "sha256-" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	private static Instant creationTime(DescribeImagesResponseBodyImagesImage image) {
		String time = image.getCreationTime();
		if (time == null) {
			return Instant.EPOCH;
		}
		try {
			return Instant.parse(time);
		}
		catch (DateTimeParseException ex) {
			return Instant.EPOCH;
		}
	}

	/**
	 * One SDK call on a region's client.
	 *
	 * @param <T> what the call returns
	 */
	@FunctionalInterface
	private interface EcsCall<T> {

		T run(Client client) throws Exception;

	}

}
