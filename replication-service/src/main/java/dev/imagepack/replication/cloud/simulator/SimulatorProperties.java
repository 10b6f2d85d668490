package dev.imagepack.replication.cloud.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulated cloud behaves.
 *
 * @param timeScale how many times faster than real time simulated copies run; 1 is real
 * time, 60 turns a 3.4-minute copy into 3.4 seconds
 * @param throughputMibPerSecond the copy throughput per image
 * @param defaultImageSizeGib the size assumed when a version does not give one
 * @param sameRegionLatency the fixed part of a copy within one region
 * @param crossRegionLatency the fixed part of a copy into another region, unless
 * {@code regionLatency} names the target region
 * @param regionLatency the fixed part of a copy into particular regions
 * @param quotaPerRegion how many images the distribution account may hold in a region
 * @param seed the seed of the random choices, so that a run can be repeated
 * @param failures failures to inject
 * @param notOffered per marketplace product code, the regions where it is not offered
 * @param sharedImagesCrossRegion whether an image shared with the distribution account
 * may be copied straight into another region; false behaves like ECS, which copies it
 * only within its region
 * @param images where the simulated cloud keeps its images: {@code store}, the service's
 * store, where copies in flight survive a restart; or {@code memory}, where they are lost
 * with it, for load runs that should not count the simulated cloud's bookkeeping as the
 * service's
 */
@ConfigurationProperties("imagepack.cloud.simulator")
public record SimulatorProperties(@DefaultValue("60") double timeScale, @DefaultValue("100") int throughputMibPerSecond,
		@DefaultValue("20") int defaultImageSizeGib, @DefaultValue("10s") Duration sameRegionLatency,
		@DefaultValue("30s") Duration crossRegionLatency, Map<String, Duration> regionLatency,
		@DefaultValue("500") int quotaPerRegion, @DefaultValue("42") long seed, List<FailureRule> failures,
		Map<String, List<String>> notOffered, @DefaultValue("true") boolean sharedImagesCrossRegion,
		@DefaultValue("store") Images images) {

	/**
	 * Where the simulated cloud keeps its images.
	 */
	public enum Images {

		/** In the service's store. */
		STORE,

		/** In memory. */
		MEMORY

	}

	public SimulatorProperties {
		if (timeScale <= 0) {
			throw new IllegalArgumentException("imagepack.cloud.simulator.time-scale must be positive");
		}
		if (throughputMibPerSecond <= 0) {
			throw new IllegalArgumentException("imagepack.cloud.simulator.throughput-mib-per-second must be positive");
		}
		regionLatency = (regionLatency != null) ? Map.copyOf(regionLatency) : Map.of();
		failures = (failures != null) ? List.copyOf(failures) : List.of();
		notOffered = (notOffered != null) ? Map.copyOf(notOffered) : Map.of();
	}

}
