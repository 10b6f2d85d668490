package dev.imagepack.testsupport;

import java.net.InetSocketAddress;
import java.util.List;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Starts the server that {@link InProcessMongo} asks for.
 */
class InProcessMongoContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return TestContextAnnotationUtils.hasAnnotation(testClass, InProcessMongo.class)
				? new InProcessMongoContextCustomizer() : null;
	}

	/**
	 * Binds a memory-backed server on a free loopback port for each context.
	 */
	private static final class InProcessMongoContextCustomizer extends CacheableContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			MongoServer server = new MongoServer(new MemoryBackend());
			server.bind("127.0.0.1", 0);
			InetSocketAddress address = server.getLocalAddress();
			String database = context.getEnvironment().getProperty("spring.application.name", "test");
			TestPropertyValues.of("spring.mongodb.uri=mongodb://127.0.0.1:" + address.getPort() + "/" + database)
				.applyTo(context);
			context.addApplicationListener((event) -> {
				if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
					server.shutdownNow();
				}
			});
		}

	}

}
