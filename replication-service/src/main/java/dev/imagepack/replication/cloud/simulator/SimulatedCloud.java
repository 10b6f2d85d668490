package dev.imagepack.replication.cloud.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;

import dev.imagepack.replication.cloud.CloudException;
import dev.imagepack.replication.cloud.CloudFailure;
import dev.imagepack.replication.cloud.CloudImages;
import dev.imagepack.replication.cloud.CopyRequest;
import dev.imagepack.replication.cloud.CopyStatus;
import dev.imagepack.replication.cloud.simulator.FailureRule.Operation;

/**
 * A cloud that behaves like the real one, for the embedded default and the tests. A copy
 * takes the target region's base latency plus size over throughput, in simulated time
 * that runs {@link SimulatorProperties#timeScale()} times faster than the clock. Image
 * IDs look like Alibaba Cloud's ({@code m-} and a region prefix), the distribution
 * account has a quota per region, marketplace products can be missing from regions, and
 * failure rules fail calls by operation, region, source image and rate, from a seeded
 * random source.
 * <p>
 * Images live in the store, so copies in flight survive a restart; how often a limited
 * failure rule has fired does not. The images each region holds against the quota are
 * counted in the store once per region, then kept count of in memory: a count in the
 * store would read every image on every copy.
 */
public class SimulatedCloud implements CloudImages {

	private static final Logger logger = LoggerFactory.getLogger(SimulatedCloud.class);

	private static final Map<String, String> ID_PREFIXES = Map.ofEntries(Map.entry("cn-hangzhou", "bp1"),
			Map.entry("cn-shanghai", "uf6"), Map.entry("cn-beijing", "2ze"), Map.entry("cn-shenzhen", "wz9"),
			Map.entry("cn-qingdao", "m5e"), Map.entry("cn-zhangjiakou", "8vb"), Map.entry("cn-hongkong", "j6c"),
			Map.entry("ap-southeast-1", "t4n"), Map.entry("ap-southeast-5", "k1a"), Map.entry("ap-northeast-1", "6we"),
			Map.entry("us-west-1", "rj9"), Map.entry("us-east-1", "0xi"), Map.entry("eu-central-1", "gw8"),
			Map.entry("eu-west-1", "d7o"));

	private static final String ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

	private static final int UNDESCRIBED_KEPT = 1024;

	private final SimulatedImages images;

	private final SimulatorProperties properties;

	private final Clock clock;

	private final Random random;

	// Image IDs are unique whatever the seed: instances and restarts share one store.
	private final Random ids = new SecureRandom();

	private final List<FailureRule> rules;

	private final Map<String, AtomicLong> heldByRegion = new ConcurrentHashMap<>();

	// Copies started here and not looked at since, the oldest forgotten first.
	private final Map<String, SimulatedImage> undescribed = Collections
		.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, SimulatedImage> eldest) {
				return size() > UNDESCRIBED_KEPT;
			}

		});

	// By identity: two equal rules each fire their own number of times.
	private final Map<FailureRule, AtomicInteger> fired = Collections.synchronizedMap(new IdentityHashMap<>());

	SimulatedCloud(SimulatedImages images, SimulatorProperties properties, Clock clock) {
		this.images = images;
		this.properties = properties;
		this.clock = clock;
		this.random = new Random(properties.seed());
		this.rules = new CopyOnWriteArrayList<>(properties.failures());
	}

	/**
	 * Adds a failure rule while the simulator runs.
	 * @param rule the rule
	 */
	public void inject(FailureRule rule) {
		this.rules.add(rule);
	}

	/**
	 * The failure rules in force, configured and injected, with how often each fired.
	 * @return the rules, in the order they were added
	 */
	public List<Map.Entry<FailureRule, Integer>> failures() {
		List<Map.Entry<FailureRule, Integer>> failures = new ArrayList<>();
		for (FailureRule rule : this.rules) {
			AtomicInteger count = this.fired.get(rule);
			failures.add(Map.entry(rule, (count != null) ? count.get() : 0));
		}
		return failures;
	}

	/**
	 * Removes every failure rule, the configured ones included.
	 */
	public void clearFailures() {
		this.rules.clear();
		this.fired.clear();
	}

	/**
	 * How many copies were started, whatever became of them, for one source image.
	 * @param sourceImageId the source image
	 * @return the copies started from it, per target region
	 */
	public Map<String, Long> copiesStarted(String sourceImageId) {
		Map<String, Long> counts = new TreeMap<>();
		for (SimulatedImage image : this.images.findBySource(sourceImageId)) {
			counts.merge(image.region(), 1L, Long::sum);
		}
		return counts;
	}

	/**
	 * The images of one source that still exist.
	 * @param sourceImageId the source image
	 * @return the IDs of its copies that were not deleted
	 */
	public List<String> liveCopies(String sourceImageId) {
		return this.images.findBySource(sourceImageId)
			.stream()
			.filter((image) -> !image.isDeleted())
			.map(SimulatedImage::id)
			.toList();
	}

	@Override
	public boolean copiesSharedImagesAcrossRegions() {
		return this.properties.sharedImagesCrossRegion();
	}

	/**
	 * Starts a copy, or finds the one started with the same client token. A new copy is
	 * stored at once, in one write (its token is unique in the store); a request
	 * repeating a token is told apart when that write is refused, or when a check that
	 * would refuse a new copy fails.
	 */
	@Override
	public String startCopy(CopyRequest request) {
		injectFailure(Operation.COPY, request.targetRegion(), request.sourceImageId());
		if (!this.properties.sharedImagesCrossRegion() && !request.sourceRegion().equals(request.targetRegion())) {
			SimulatedImage own = this.images.find(request.sourceImageId());
			if (own == null || own.isDeleted()) {
				return startedBefore(request,
						new CloudException(CloudFailure.INVALID_REQUEST,
								"Image " + request.sourceImageId()
										+ " is shared with the distribution account and can be copied only within "
										+ request.sourceRegion()));
			}
		}
		AtomicLong heldInRegion = held(request.targetRegion());
		long held = heldInRegion.get();
		if (held >= this.properties.quotaPerRegion()) {
			return startedBefore(request, new CloudException(CloudFailure.QUOTA_EXCEEDED,
					"The distribution account holds " + held + " images in " + request.targetRegion() + ", its quota"));
		}
		Instant now = this.clock.instant();
		int sizeGib = (request.imageSizeGib() != null) ? request.imageSizeGib() : this.properties.defaultImageSizeGib();
		Duration duration = copyDuration(request.sourceRegion(), request.targetRegion(), sizeGib);
		FailureRule halfway = firingRule(Operation.COPY, request.targetRegion(), request.sourceImageId(), true);
		Instant failsAt = (halfway != null) ? now.plus(duration.dividedBy(2)) : null;
		SimulatedImage image = new SimulatedImage(newImageId(request.targetRegion()), request.targetRegion(),
				request.sourceRegion(), request.sourceImageId(), request.clientToken(), sizeGib, now,
				now.plus(duration), failsAt, null, List.of());
		try {
			this.images.insert(image);
			heldInRegion.incrementAndGet();
		}
		catch (DuplicateKeyException ex) {
			if (halfway != null && halfway.times() > 0) {
				// Not fired after all: the copy it was to fail exists already.
				this.fired.get(halfway).decrementAndGet();
			}
			return startedBefore(request, ex);
		}
		this.undescribed.put(image.id(), image);
		logger.atDebug()
			.addKeyValue("imageId", image.id())
			.addKeyValue("region", image.region())
			.addKeyValue("durationMs", duration.toMillis())
			.log("Simulated copy started");
		return image.id();
	}

	/**
	 * The copy an earlier request with the same client token started.
	 * @param request the request
	 * @param otherwise what a new request gets
	 * @return the ID of the copy
	 * @throws E if no copy was started with the token
	 */
	private <E extends RuntimeException> String startedBefore(CopyRequest request, E otherwise) {
		SimulatedImage existing = byClientToken(request.clientToken());
		if (existing == null) {
			throw otherwise;
		}
		return existing.id();
	}

	/**
	 * How long a copy takes on the clock: base latency plus size over throughput, divided
	 * by the time scale.
	 * @param sourceRegion where the image comes from
	 * @param targetRegion where it goes
	 * @param sizeGib its size
	 * @return the duration on the clock
	 */
	Duration copyDuration(String sourceRegion, String targetRegion, int sizeGib) {
		Duration latency = sourceRegion.equals(targetRegion) ? this.properties.sameRegionLatency()
				: this.properties.regionLatency().getOrDefault(targetRegion, this.properties.crossRegionLatency());
		double seconds = latency.toMillis() / 1000.0
				+ (double) sizeGib * 1024 / this.properties.throughputMibPerSecond();
		return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000 / this.properties.timeScale())));
	}

	@Override
	public CopyStatus describeCopy(String region, String imageId) {
		// The first look at a copy this instance started is at the copy it stored; later
		// ones read the store, which a deletion elsewhere changes.
		SimulatedImage started = this.undescribed.remove(imageId);
		SimulatedImage image = (started != null) ? started : this.images.find(imageId);
		injectFailure(Operation.DESCRIBE, region, (image != null) ? image.sourceImageId() : null);
		if (image == null || image.isDeleted() || !image.region().equals(region)) {
			return new CopyStatus(CopyStatus.State.NOT_FOUND, 0, null, "No image " + imageId + " in " + region);
		}
		Instant now = this.clock.instant();
		if (image.failsAt() != null && !now.isBefore(image.failsAt())) {
			return new CopyStatus(CopyStatus.State.FAILED, percentAt(image, image.failsAt()), null,
					"The copy of " + image.sourceImageId() + " into " + region + " failed in the cloud");
		}
		if (!now.isBefore(image.completesAt())) {
			return new CopyStatus(CopyStatus.State.AVAILABLE, 100, image.completesAt(), null);
		}
		return new CopyStatus(CopyStatus.State.COPYING, Math.min(99, percentAt(image, now)), image.completesAt(), null);
	}

	private static int percentAt(SimulatedImage image, Instant at) {
		long total = Duration.between(image.startedAt(), image.completesAt()).toMillis();
		long done = Duration.between(image.startedAt(), at).toMillis();
		return (total <= 0) ? 100 : (int) Math.max(0, Math.min(100, done * 100 / total));
	}

	@Override
	public void deleteImage(String region, String imageId) {
		this.undescribed.remove(imageId);
		SimulatedImage image = this.images.find(imageId);
		injectFailure(Operation.DELETE, region, (image != null) ? image.sourceImageId() : null);
		if (this.images.delete(imageId, region, this.clock.instant())) {
			held(region).decrementAndGet();
		}
	}

	private AtomicLong held(String region) {
		return this.heldByRegion.computeIfAbsent(region, (key) -> new AtomicLong(this.images.countLive(key)));
	}

	@Override
	public Optional<String> findMarketplaceImage(String productCode, String region) {
		injectFailure(Operation.RESOLVE, region, null);
		if (this.properties.notOffered().getOrDefault(productCode, List.of()).contains(region)) {
			return Optional.empty();
		}
		// The same product has the same image in a region every time it is asked.
		Random stable = new Random((productCode + "@" + region).hashCode());
		return Optional.of("m-" + prefix(region) + randomId(stable, 17));
	}

	@Override
	public void shareImage(String region, String imageId, Collection<String> accountIds) {
		SimulatedImage image = this.images.find(imageId);
		injectFailure(Operation.SHARE, region, (image != null) ? image.sourceImageId() : null);
		if (image == null || image.isDeleted() || !image.region().equals(region)) {
			throw new CloudException(CloudFailure.INVALID_REQUEST, "No image " + imageId + " in " + region);
		}
		this.images.share(imageId, accountIds);
	}

	private @Nullable SimulatedImage byClientToken(String clientToken) {
		return this.images.findByClientToken(clientToken);
	}

	private void injectFailure(Operation operation, String region, @Nullable String sourceImageId) {
		FailureRule rule = firingRule(operation, region, sourceImageId, false);
		if (rule != null) {
			throw new CloudException(rule.failure(), "Simulated " + rule.failure() + " on "
					+ operation.name().toLowerCase(Locale.ROOT) + " in " + region);
		}
	}

	private @Nullable FailureRule firingRule(Operation operation, String region, @Nullable String sourceImageId,
			boolean midCopy) {
		for (FailureRule rule : this.rules) {
			if (rule.midCopy() != midCopy || !rule.matches(operation, region, sourceImageId)) {
				continue;
			}
			AtomicInteger count = this.fired.computeIfAbsent(rule, (key) -> new AtomicInteger());
			if (rule.times() > 0 && count.get() >= rule.times()) {
				continue;
			}
			boolean fires;
			synchronized (this.random) {
				fires = rule.rate() >= 1 || this.random.nextDouble() < rule.rate();
			}
			if (fires && (rule.times() == 0 || count.incrementAndGet() <= rule.times())) {
				return rule;
			}
		}
		return null;
	}

	private String newImageId(String region) {
		synchronized (this.ids) {
			return "m-" + prefix(region) + randomId(this.ids, 17);
		}
	}

	private static String prefix(String region) {
		String known = ID_PREFIXES.get(region);
		if (known != null) {
			return known;
		}
		String hash = Integer.toString(Math.abs(region.hashCode() % 46656), 36);
		return "000".substring(hash.length()) + hash;
	}

	private static String randomId(Random random, int length) {
		StringBuilder id = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
		}
		return id.toString();
	}

}
