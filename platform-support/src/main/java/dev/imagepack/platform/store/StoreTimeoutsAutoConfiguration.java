package dev.imagepack.platform.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;

/**
 * Bounds how long a service waits for its store. The MongoDB driver waits for an answer
 * forever by default, so a store that accepts a request and never answers would hold the
 * request's thread, or a consumer's, for good; with a read timeout the call fails, the
 * request is answered 503 and the consumer retries. Timeouts named in the connection
 * string ({@code connectTimeoutMS}, {@code socketTimeoutMS}) take precedence.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration")
@ConditionalOnClass({ MongoClientSettings.class, MongoClientSettingsBuilderCustomizer.class })
@EnableConfigurationProperties(StoreProperties.class)
public class StoreTimeoutsAutoConfiguration {

	@Bean
	MongoClientSettingsBuilderCustomizer storeTimeouts(StoreProperties properties,
			ObjectProvider<MongoConnectionDetails> connectionDetails) {
		MongoConnectionDetails details = connectionDetails.getIfAvailable();
		return timeouts(properties, (details != null) ? details.getConnectionString() : null);
	}

	/**
	 * The timeouts as a customizer.
	 * @param properties the timeouts to apply
	 * @param uri the connection string, whose own timeouts are kept
	 * @return the customizer
	 */
	static MongoClientSettingsBuilderCustomizer timeouts(StoreProperties properties, @Nullable ConnectionString uri) {
		return (settings) -> settings.applyToSocketSettings((socket) -> {
			if (uri == null || uri.getConnectTimeout() == null) {
				socket.connectTimeout(millis(properties.connectTimeout()), TimeUnit.MILLISECONDS);
			}
			if (uri == null || uri.getSocketTimeout() == null) {
				socket.readTimeout(millis(properties.readTimeout()), TimeUnit.MILLISECONDS);
			}
		});
	}

	private static int millis(Duration duration) {
		return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
	}

}
