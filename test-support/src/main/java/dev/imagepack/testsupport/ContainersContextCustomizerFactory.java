package dev.imagepack.testsupport;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Starts the containers that {@link ContainerIntegrationTest} asks for and points the
 * binder and the store at them.
 */
class ContainersContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return TestContextAnnotationUtils.hasAnnotation(testClass, ContainerIntegrationTest.class)
				? new ContainersContextCustomizer() : null;
	}

	/**
	 * A Kafka broker and a MongoDB server for each context, as the embedded suites have.
	 */
	private static final class ContainersContextCustomizer extends CacheableContextCustomizer {

		private static final Logger logger = LoggerFactory.getLogger(ContainersContextCustomizer.class);

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(ContainerImages.KAFKA));
			MongoDBContainer mongo = new MongoDBContainer(DockerImageName.parse(ContainerImages.MONGO));
			Startables.deepStart(kafka, mongo).join();
			String database = context.getEnvironment().getProperty("spring.application.name", "test");
			TestPropertyValues
				.of("spring.cloud.stream.kafka.binder.brokers=" + kafka.getBootstrapServers(),
						"spring.mongodb.uri=" + mongo.getReplicaSetUrl(database))
				.applyTo(context);
			logger.atInfo()
				.addKeyValue("kafka", kafka.getBootstrapServers())
				.addKeyValue("mongo", mongo.getReplicaSetUrl(database))
				.log("Containers started for a test context");
			context.addApplicationListener((event) -> {
				if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
					kafka.stop();
					mongo.stop();
				}
			});
		}

	}

}
