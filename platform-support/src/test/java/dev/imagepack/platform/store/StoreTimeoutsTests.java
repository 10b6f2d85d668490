package dev.imagepack.platform.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StoreTimeoutsTests {

	private final StoreProperties defaults = new StoreProperties(Duration.ofSeconds(10), Duration.ofSeconds(30));

	@Test
	void aStoreThatDoesNotAnswerFailsTheCallAfterTheReadTimeout() {
		MongoClientSettings settings = apply(new ConnectionString("mongodb://127.0.0.1:27017/package-service"));

		assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(30_000);
		assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(10_000);
	}

	@Test
	void timeoutsNamedInTheConnectionStringAreKept() {
		MongoClientSettings settings = apply(new ConnectionString(
				"mongodb://127.0.0.1:27017/package-service?socketTimeoutMS=5000&connectTimeoutMS=2000"));

		assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(5_000);
		assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2_000);
	}

	@Test
	void aTimeoutOfZeroWhichWouldMeanWaitingForeverIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new StoreProperties(Duration.ofSeconds(10), Duration.ZERO))
			.withMessageContaining("imagepack.store");
	}

	private MongoClientSettings apply(ConnectionString uri) {
		MongoClientSettings.Builder builder = MongoClientSettings.builder().applyConnectionString(uri);
		StoreTimeoutsAutoConfiguration.timeouts(this.defaults, uri).customize(builder);
		return builder.build();
	}

}
