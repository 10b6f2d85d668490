package dev.imagepack.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Uses the platform in-process, the way tests and a launcher that also starts the
 * services would.
 */
class LocalPlatformTests {

	@TempDir
	Path temp;

	@Test
	void startReturnsAHandleWhoseAddressesServeKafkaAndEveryStore() throws Exception {
		LocalPlatformSettings settings = settings(this.temp.resolve("run"), List.of("orders", "billing"), false);
		LocalPlatform platform = LocalPlatform.start(settings);
		try {
			assertThat(platform.kafkaBootstrapServers()).isEqualTo("127.0.0.1:" + settings.kafkaPort());
			assertThat(platform.mongoUri("billing"))
				.isEqualTo("mongodb://127.0.0.1:" + (settings.mongoBasePort() + 1) + "/billing");
			assertThat(platform.mongoFile("billing")).isEqualTo(this.temp.resolve("run/mongo/billing.mv.db"));
			assertThat(platform.startupTime()).isPositive();
			try (Admin admin = Admin
				.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers()))) {
				assertThat(admin.describeCluster().clusterId().get()).isNotBlank();
			}
			for (String store : platform.stores()) {
				try (MongoClient client = MongoClients.create(platform.mongoUri(store))) {
					assertThat(client.getDatabase(store).runCommand(new Document("ping", 1)).get("ok")).isEqualTo(1.0);
				}
			}
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> platform.mongoUri("users"))
				.withMessage("unknown store 'users', expected one of [orders, billing]");
		}
		finally {
			platform.close();
		}
		assertThatNoException().isThrownBy(platform::close);
		assertFree(settings.kafkaPort(), settings.controllerPort(), settings.mongoBasePort(),
				settings.mongoBasePort() + 1);
	}

	@Test
	void resetRefusesAFolderThatIsNotARunFolder() throws IOException {
		Path folder = Files.createDirectories(this.temp.resolve("documents"));
		Files.writeString(folder.resolve("thesis.txt"), "keep me");
		LocalPlatformSettings settings = settings(folder, List.of("orders"), true);
		assertThatExceptionOfType(LocalPlatformException.class).isThrownBy(() -> LocalPlatform.start(settings))
			.withMessage("refusing to --reset " + folder + ": it is not a local-platform run folder (no "
					+ ".local-platform file)");
		assertThat(folder.resolve("thesis.txt")).hasContent("keep me");
	}

	@Test
	void aStoreFileInUseFailsTheStartAndReleasesWhatWasStarted() throws IOException {
		Path run = Files.createDirectories(this.temp.resolve("run"));
		Files.writeString(run.resolve(LocalPlatform.MARKER_FILE), "");
		LocalPlatformSettings settings = settings(run, List.of("orders", "billing"), false);
		try (MongoStore holder = MongoStore.start("billing", FreePorts.consecutive(1), run.resolve("mongo"))) {
			assertThatExceptionOfType(LocalPlatformException.class).isThrownBy(() -> LocalPlatform.start(settings))
				.withMessageStartingWith("cannot open store billing file " + holder.file())
				.withMessageEndingWith("(is another local-platform using the same --data-dir?)");
		}
		assertFree(settings.mongoBasePort());
	}

	@Test
	void aSecondPlatformOnTheSameRunFolderIsRefusedBeforeItTouchesAnything() throws IOException {
		Path run = this.temp.resolve("shared");
		try (LocalPlatform first = LocalPlatform.start(settings(run, List.of("orders"), false))) {
			LocalPlatformSettings second = settings(run, List.of("other"), false);
			LocalPlatformSettings resetting = settings(run, List.of("orders"), true);

			assertThatExceptionOfType(LocalPlatformException.class).isThrownBy(() -> LocalPlatform.start(second))
				.withMessageContaining("is in use by another local platform");
			assertThatExceptionOfType(LocalPlatformException.class).isThrownBy(() -> LocalPlatform.start(resetting))
				.withMessageContaining("is in use by another local platform");
			assertThat(run.resolve("mongo").resolve("other.mv.db")).doesNotExist();
			assertThat(first.mongoFile("orders")).exists();
			assertFree(second.kafkaPort(), second.mongoBasePort());
		}
	}

	@Test
	void aFolderWithOtherFilesIsNotAdoptedAsRunFolder() throws IOException {
		Path folder = Files.createDirectories(this.temp.resolve("home"));
		Files.writeString(folder.resolve("notes.txt"), "keep me");
		LocalPlatformSettings settings = settings(folder, List.of("orders"), false);

		assertThatExceptionOfType(LocalPlatformException.class).isThrownBy(() -> LocalPlatform.start(settings))
			.withMessageStartingWith("refusing to use " + folder + " as run folder");
		assertThat(folder.resolve(LocalPlatform.MARKER_FILE)).doesNotExist();
	}

	private static LocalPlatformSettings settings(Path dataDirectory, List<String> stores, boolean reset) {
		int base = FreePorts.consecutive(2 + stores.size());
		return new LocalPlatformSettings(dataDirectory, base, base + 1, base + 2, stores, reset);
	}

	private static void assertFree(int... ports) {
		for (int port : ports) {
			assertThatNoException().as("binding port %d", port).isThrownBy(() -> {
				try (ServerSocket socket = new ServerSocket()) {
					socket.setReuseAddress(true);
					socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
				}
			});
		}
	}

}
