package dev.imagepack.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running local platform, a Kafka broker and one MongoDB store per service, for the
 * application, tests and launchers that start services next to it.
 */
public final class LocalPlatform implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LocalPlatform.class);

	/**
	 * Marks a folder as a run folder, so that {@code --reset} never deletes anything
	 * else.
	 */
	static final String MARKER_FILE = ".local-platform";

	private final LocalPlatformSettings settings;

	private final Path dataDirectory;

	private final KafkaBroker kafka;

	private final Map<String, MongoStore> stores;

	private final Duration startupTime;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final FileChannel lock;

	private LocalPlatform(LocalPlatformSettings settings, Path dataDirectory, KafkaBroker kafka,
			Map<String, MongoStore> stores, Duration startupTime, FileChannel lock) {
		this.lock = lock;
		this.settings = settings;
		this.dataDirectory = dataDirectory;
		this.kafka = kafka;
		this.stores = stores;
		this.startupTime = startupTime;
	}

	/**
	 * Starts the stores and the broker and returns once Kafka answers clients and every
	 * store is bound. If anything fails, whatever was started is stopped again.
	 * @param settings the run folder and ports
	 * @return the running platform
	 * @throws LocalPlatformException if a port is taken, a file is locked or Kafka does
	 * not come up
	 */
	public static LocalPlatform start(LocalPlatformSettings settings) {
		long started = System.nanoTime();
		checkPorts(settings);
		Path dataDirectory = settings.dataDirectory().toAbsolutePath().normalize();
		FileChannel lock = lock(dataDirectory);
		Map<String, MongoStore> stores = new LinkedHashMap<>();
		try {
			if (settings.reset()) {
				reset(dataDirectory);
			}
			prepare(dataDirectory);
			for (String store : settings.stores()) {
				stores.put(store, MongoStore.start(store, settings.mongoPort(store), dataDirectory.resolve("mongo")));
			}
			KafkaBroker kafka = KafkaBroker.start(dataDirectory.resolve("kafka"), settings.kafkaPort(),
					settings.controllerPort());
			Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
			logger.info("Local platform ready in {} ms", startupTime.toMillis());
			return new LocalPlatform(settings, dataDirectory, kafka, stores, startupTime, lock);
		}
		catch (RuntimeException ex) {
			try {
				closeAll(null, stores.values());
			}
			catch (RuntimeException closeFailure) {
				ex.addSuppressed(closeFailure);
			}
			release(lock);
			throw ex;
		}
	}

	/**
	 * Holds the run folder for this process alone, before anything in it is read, reset
	 * or started. Kafka locks its log directory only once the broker starts, after its
	 * controller already wrote to the metadata log, so a second platform on the same
	 * folder would corrupt the first. The lock file sits beside the folder, so that
	 * {@code --reset} can delete the folder while holding it.
	 */
	private static FileChannel lock(Path dataDirectory) {
		Path lockFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
		FileChannel channel = null;
		try {
			Files.createDirectories(dataDirectory.getParent());
			channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock held = channel.tryLock();
			if (held == null) {
				throw new OverlappingFileLockException();
			}
			return channel;
		}
		catch (OverlappingFileLockException ex) {
			release(channel);
			throw new LocalPlatformException("run folder " + dataDirectory
					+ " is in use by another local platform; stop it or choose another folder with --data-dir");
		}
		catch (IOException ex) {
			release(channel);
			throw new LocalPlatformException("cannot lock run folder " + dataDirectory + ": " + ex, ex);
		}
	}

	private static void release(@Nullable FileChannel lock) {
		if (lock != null) {
			try {
				lock.close();
			}
			catch (IOException ex) {
				logger.debug("Releasing the run folder lock failed", ex);
			}
		}
	}

	private static void checkPorts(LocalPlatformSettings settings) {
		Ports.requireFree(settings.kafkaPort(), "kafka", "--kafka-port");
		Ports.requireFree(settings.controllerPort(), "kafka controller", "--controller-port");
		for (String store : settings.stores()) {
			Ports.requireFree(settings.mongoPort(store), "mongo " + store, "--mongo-base-port");
		}
	}

	private static void reset(Path dataDirectory) {
		if (!Files.exists(dataDirectory)) {
			return;
		}
		if (!Files.exists(dataDirectory.resolve(MARKER_FILE)) && !isEmptyDirectory(dataDirectory)) {
			throw new LocalPlatformException("refusing to --reset " + dataDirectory
					+ ": it is not a local-platform run folder (no " + MARKER_FILE + " file)");
		}
		try (Stream<Path> paths = Files.walk(dataDirectory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
		catch (IOException | UncheckedIOException ex) {
			throw new LocalPlatformException("cannot delete " + dataDirectory + " for --reset: " + ex.getMessage(), ex);
		}
		logger.info("Deleted {}", dataDirectory);
	}

	private static boolean isEmptyDirectory(Path directory) {
		try (Stream<Path> entries = Files.list(directory)) {
			return entries.findAny().isEmpty();
		}
		catch (IOException ex) {
			throw new LocalPlatformException("cannot read " + directory + ": " + ex, ex);
		}
	}

	private static void prepare(Path dataDirectory) {
		try {
			Files.createDirectories(dataDirectory);
			Path marker = dataDirectory.resolve(MARKER_FILE);
			if (!Files.exists(marker) && !isEmptyDirectory(dataDirectory)) {
				// Adopting a folder full of other files would let a later --reset delete
				// them.
				throw new LocalPlatformException("refusing to use " + dataDirectory + " as run folder: it is not "
						+ "empty and has no " + MARKER_FILE + " file; choose a new or empty folder with --data-dir");
			}
			if (!Files.exists(marker)) {
				Files.writeString(marker, "Run folder of the local platform; --reset deletes it.\n");
			}
		}
		catch (IOException ex) {
			throw new LocalPlatformException("cannot create run folder " + dataDirectory + ": " + ex, ex);
		}
	}

	/**
	 * Returns the settings the platform was started with.
	 * @return the settings
	 */
	public LocalPlatformSettings settings() {
		return this.settings;
	}

	/**
	 * Returns the absolute run folder.
	 * @return the folder holding {@code kafka/} and {@code mongo/}
	 */
	public Path dataDirectory() {
		return this.dataDirectory;
	}

	/**
	 * Returns the Kafka bootstrap servers for clients.
	 * @return for example {@code 127.0.0.1:9092}
	 */
	public String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	/**
	 * Returns the address of the KRaft controller listener.
	 * @return for example {@code 127.0.0.1:9093}
	 */
	public String kafkaControllerAddress() {
		return this.kafka.controllerAddress();
	}

	/**
	 * Returns the connection string of a store.
	 * @param store the store name, for example {@code package-service}
	 * @return for example {@code mongodb://127.0.0.1:27017/package-service}
	 * @throws IllegalArgumentException if there is no such store
	 */
	public String mongoUri(String store) {
		return store(store).uri();
	}

	/**
	 * Returns the H2 file of a store.
	 * @param store the store name
	 * @return the {@code .mv.db} file
	 * @throws IllegalArgumentException if there is no such store
	 */
	public Path mongoFile(String store) {
		return store(store).file();
	}

	/**
	 * Returns the store names in port order.
	 * @return the store names
	 */
	public List<String> stores() {
		return List.copyOf(this.stores.keySet());
	}

	/**
	 * Returns how long the start took, from the call of {@link #start} until Kafka
	 * answered and every store was bound.
	 * @return the startup time
	 */
	public Duration startupTime() {
		return this.startupTime;
	}

	/**
	 * Blocks until {@link #close()} has finished.
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public void awaitClose() throws InterruptedException {
		this.stopped.await();
	}

	/**
	 * Stops the broker first (controlled shutdown), then every store (H2 files committed
	 * and closed). Later calls do nothing.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			closeAll(this.kafka, this.stores.values());
		}
		finally {
			release(this.lock);
			this.stopped.countDown();
		}
	}

	private MongoStore store(String store) {
		MongoStore mongoStore = this.stores.get(store);
		if (mongoStore == null) {
			throw new IllegalArgumentException("unknown store '" + store + "', expected one of " + this.stores());
		}
		return mongoStore;
	}

	private static void closeAll(@Nullable KafkaBroker kafka, Iterable<MongoStore> stores) {
		List<AutoCloseable> closeables = new ArrayList<>();
		if (kafka != null) {
			closeables.add(kafka);
		}
		stores.forEach(closeables::add);
		RuntimeException failure = null;
		for (AutoCloseable closeable : closeables) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = new IllegalStateException("could not stop every component cleanly", ex);
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

}
