package dev.imagepack.replication.cloud.simulator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;

import dev.imagepack.local.MongoStore;
import dev.imagepack.testsupport.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The simulated cloud's images behave alike in the store and in memory.
 */
class SimulatedImagesTests {

	private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

	@TempDir
	Path folder;

	@Test
	void imagesInTheStoreAreFoundCountedDeletedSharedAndUniqueByClientToken() {
		int port = FreePorts.two()[0];
		try (MongoStore store = MongoStore.start("replication-service", port, this.folder);
				MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
			MongoTemplate mongo = new MongoTemplate(client, "replication");
			mongo.indexOps(SimulatedImage.class).createIndex(new Index("clientToken", Sort.Direction.ASC).unique());
			behavesAsACloudKeepsImages(new StoredSimulatedImages(mongo));
		}
	}

	@Test
	void imagesInMemoryAreFoundCountedDeletedSharedAndUniqueByClientToken() {
		behavesAsACloudKeepsImages(new InMemorySimulatedImages());
	}

	private static void behavesAsACloudKeepsImages(SimulatedImages images) {
		images.insert(image("m-1", "cn-shanghai", "token-1"));
		images.insert(image("m-2", "cn-shanghai", "token-2"));
		images.insert(image("m-3", "us-west-1", "token-3"));
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> images.insert(image("m-4", "cn-shanghai", "token-1")));

		assertThat(images.find("m-2")).extracting(SimulatedImage::clientToken).isEqualTo("token-2");
		assertThat(images.find("m-4")).isNull();
		assertThat(images.findByClientToken("token-3")).extracting(SimulatedImage::id).isEqualTo("m-3");
		assertThat(images.findByClientToken("token-4")).isNull();
		assertThat(images.findBySource("m-source")).extracting(SimulatedImage::id)
			.containsExactlyInAnyOrder("m-1", "m-2", "m-3");
		assertThat(images.countLive("cn-shanghai")).isEqualTo(2);

		assertThat(images.delete("m-1", "us-west-1", NOW)).isFalse();
		assertThat(images.delete("m-1", "cn-shanghai", NOW)).isTrue();
		assertThat(images.delete("m-1", "cn-shanghai", NOW.plusSeconds(1))).isFalse();
		assertThat(images.find("m-1")).extracting(SimulatedImage::deletedAt).isEqualTo(NOW);
		assertThat(images.countLive("cn-shanghai")).isEqualTo(1);

		images.share("m-2", List.of("acc-1", "acc-2"));
		images.share("m-2", List.of("acc-2", "acc-3"));
		assertThat(images.find("m-2")).satisfies(sharedWith("acc-1", "acc-2", "acc-3"));
	}

	private static Consumer<SimulatedImage> sharedWith(String... accounts) {
		return (image) -> assertThat(image.sharedWith()).containsExactlyInAnyOrder(accounts);
	}

	private static SimulatedImage image(String id, String region, String clientToken) {
		return new SimulatedImage(id, region, "cn-hangzhou", "m-source", clientToken, 20, NOW, NOW.plusSeconds(60),
				null, null, List.of());
	}

}
