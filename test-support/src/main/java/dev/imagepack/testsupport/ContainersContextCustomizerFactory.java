package dev.imagepack.testsupport;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
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
			try {
				Startables.deepStart(kafka, mongo).join();
			}
			catch (RuntimeException ex) {
				stop(kafka, mongo);
				throw ex;
			}
			String database = context.getEnvironment().getProperty("spring.application.name", "test");
			String mongoUri = mongo.getConnectionString() + "/" + database;
			TestPropertyValues
				.of("spring.cloud.stream.kafka.binder.brokers=" + kafka.getBootstrapServers(),
						"spring.mongodb.uri=" + mongoUri)
				.applyTo(context);
			logger.atInfo()
				.addKeyValue("kafka", kafka.getBootstrapServers())
				.addKeyValue("mongo", mongoUri)
				.log("Containers started for a test context");
			// Registered before any bean, so destroyed after all of them: the service
			// stops its consumers,
			// producers and store clients while the broker and the database still answer,
			// even when its
			// context fails to start.
			((DefaultListableBeanFactory) context.getBeanFactory())
				.registerDisposableBean(ContainersContextCustomizer.class.getName(), () -> stop(kafka, mongo));
		}

		private static void stop(KafkaContainer kafka, MongoDBContainer mongo) {
			kafka.stop();
			mongo.stop();
		}

	}

}
