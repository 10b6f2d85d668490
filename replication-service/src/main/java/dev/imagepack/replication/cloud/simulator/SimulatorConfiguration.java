package dev.imagepack.replication.cloud.simulator;

import java.time.Clock;

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

	@Bean
	SimulatedCloud simulatedCloud(MongoTemplate mongo, SimulatorProperties properties, Clock clock) {
		SimulatedImages images = switch (properties.images()) {
			case STORE -> new StoredSimulatedImages(mongo);
			case MEMORY -> new InMemorySimulatedImages();
		};
		return new SimulatedCloud(images, properties, clock);
	}

}
