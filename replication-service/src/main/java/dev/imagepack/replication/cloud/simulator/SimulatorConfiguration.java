package dev.imagepack.replication.cloud.simulator;

import java.time.Clock;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The simulated cloud, unless another provider is chosen.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "imagepack.cloud.provider", havingValue = "simulator", matchIfMissing = true)
@EnableConfigurationProperties(SimulatorProperties.class)
class SimulatorConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(SimulatorConfiguration.class);

	@Bean
	SimulatedCloud simulatedCloud(MongoTemplate mongo, SimulatorProperties properties, Clock clock) {
		SimulatedImages images = switch (properties.images()) {
			case STORE -> new StoredSimulatedImages(mongo);
			case MEMORY -> new InMemorySimulatedImages();
		};
		logger.atInfo()
			.addKeyValue("images", properties.images().name().toLowerCase(Locale.ROOT))
			.addKeyValue("timeScale", properties.timeScale())
			.log((properties.images() == SimulatorProperties.Images.MEMORY)
					? "Simulated cloud keeps its images in memory; a restart forgets them"
					: "Simulated cloud keeps its images in the service's store");
		return new SimulatedCloud(images, properties, clock);
	}

}
