package dev.imagepack.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MongoDB wire-protocol server on loopback, backed by its own H2 MVStore file.
 * <p>
 * Every acknowledged write is committed to the file before the client hears of it
 * ({@link CommittingH2Backend}), so a {@code kill -9} of the platform keeps every write a
 * service saw succeed; {@link #close()} commits and closes the file.
 */
public final class MongoStore implements AutoCloseable {

	/**
	 * Threads answering clients. A write holds its thread until the commit that covers it
	 * is done, so more threads let more writes share one commit.
	 */
	private static final int WORKER_THREADS = 16;

	/**
	 * Megabytes of decoded pages kept per store, against H2's default of 16: a
	 * replication store of a few thousand jobs outgrew that and read its pages back from
	 * the file.
	 */
	private static final int CACHE_MEGABYTES = 64;

	/**
	 * Leaf pages split at 4 KB, against H2's 16 KB: a commit writes every page a write
	 * changed in full, and the services change one document of a page at a time, so a
	 * page of a few documents is written where one of a dozen was. In the pipeline the
	 * platform used a sixth less CPU per region-mapping than with H2's defaults in the
	 * same hour (bench/README.md, seventeenth round).
	 */
	private static final int PAGE_SPLIT_BYTES = 4 * 1024;

	/**
	 * The file is compacted once less than half of it is live, against H2's 90 %, which
	 * rewrote chunks almost continuously under a steady stream of updates; the file may
	 * grow to about twice its live data instead.
	 */
	private static final int COMPACT_BELOW_PERCENT = 50;

	/** H2's default: every write is committed before it is answered anyway. */
	private static final int AUTO_COMMIT_DELAY_MILLIS = 1000;

	/**
	 * How long H2 keeps a chunk of its file that no longer holds live pages before it
	 * reuses the space; its default is 45 s. Every acknowledged write is committed, and
	 * every commit writes a chunk: under the pipeline benchmark's load the default kept
	 * about 15,000 chunks, each commit rewrote part of the map listing them (a tenth of
	 * the store's samples in a profile), and the replication store's file grew to 1 GB in
	 * five minutes. The retention is there so that a chunk is not overwritten before the
	 * chunks that replaced it are on disk; the file is synced more often than that
	 * ({@link #SYNC_INTERVAL_MILLIS}).
	 */
	private static final int RETENTION_MILLIS = 5000;

	/** How often the file is forced to disk, well within {@link #RETENTION_MILLIS}. */
	private static final long SYNC_INTERVAL_MILLIS = 1000;

	private static final Logger logger = LoggerFactory.getLogger(MongoStore.class);

	private final String name;

	private final int port;

	private final Path file;

	private final MVStore mvStore;

	private final MongoServer server;

	private final ScheduledExecutorService syncer;

	private MongoStore(String name, int port, Path file, MVStore mvStore, MongoServer server) {
		this.name = name;
		this.port = port;
		this.file = file;
		this.mvStore = mvStore;
		this.server = server;
		this.syncer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "store-sync-" + name);
			thread.setDaemon(true);
			return thread;
		});
		this.syncer.scheduleWithFixedDelay(this::sync, SYNC_INTERVAL_MILLIS, SYNC_INTERVAL_MILLIS,
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Opens (or creates) the store's file and binds its server.
	 * @param name the store name, also the database name in {@link #uri()}
	 * @param port the loopback port to listen on
	 * @param directory the directory holding {@code <name>.mv.db}
	 * @return the running store
	 * @throws LocalPlatformException if the file is locked by another process or the port
	 * cannot be bound
	 */
	public static MongoStore start(String name, int port, Path directory) {
		Path file = directory.resolve(name + ".mv.db");
		MVStore mvStore = open(name, file);
		try {
			// The backend opens every database in the file and converts what it finds in
			// an earlier layout (StoreDatabase). Background commits wait until then, so a
			// conversion is in the file as a whole or not at all.
			CommittingH2Backend backend = new CommittingH2Backend(mvStore);
			mvStore.commit();
			mvStore.setAutoCommitDelay(AUTO_COMMIT_DELAY_MILLIS);
			mvStore.setRetentionTime(RETENTION_MILLIS);
			MongoServer server = new MongoServer(backend);
			bind(server, name, port);
			logger.info("Store {} listening on {}:{} with {}", name, LocalPlatformSettings.HOST, port, file);
			return new MongoStore(name, port, file, mvStore, server);
		}
		catch (RuntimeException ex) {
			closeIfOpen(mvStore);
			throw ex;
		}
	}

	private static void bind(MongoServer server, String name, int port) {
		try {
			server.bind(new InetSocketAddress(LocalPlatformSettings.HOST, port), 1, WORKER_THREADS);
		}
		catch (Exception ex) {
			// Netty rethrows the checked BindException undeclared.
			throw new LocalPlatformException(Ports.describeBindFailure(port, "mongo " + name, "--mongo-base-port"), ex);
		}
	}

	private static MVStore open(String name, Path file) {
		try {
			Files.createDirectories(file.getParent());
			return new MVStore.Builder().fileName(file.toString())
				.cacheSize(CACHE_MEGABYTES)
				.pageSplitSize(PAGE_SPLIT_BYTES)
				.autoCompactFillRate(COMPACT_BELOW_PERCENT)
				.autoCommitDisabled()
				.open();
		}
		catch (IOException ex) {
			throw new LocalPlatformException("cannot create " + file.getParent() + ": " + ex, ex);
		}
		catch (MVStoreException ex) {
			throw new LocalPlatformException("cannot open store " + name + " file " + file + ": " + ex.getMessage()
					+ " (is another local-platform using the same --data-dir?)", ex);
		}
	}

	/**
	 * Returns the store name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Returns the H2 file holding the store's data.
	 * @return the file
	 */
	public Path file() {
		return this.file;
	}

	/**
	 * Returns the connection string of the store, with the store name as database.
	 * @return a URI such as {@code mongodb://127.0.0.1:27017/package-service}
	 */
	public String uri() {
		return "mongodb://" + LocalPlatformSettings.HOST + ":" + this.port + "/" + this.name;
	}

	/**
	 * Stops the server, dropping open client connections, then commits and closes the H2
	 * file.
	 */
	@Override
	public void close() {
		this.syncer.shutdownNow();
		try {
			this.syncer.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			// shutdownNow() rather than shutdown(): the latter waits for every client
			// to disconnect, so still-running services would hold the stop forever.
			this.server.shutdownNow();
		}
		finally {
			// The server closes the backend and with it the MVStore, but only if it
			// gets that far; closing here too makes sure the last writes are saved.
			closeIfOpen(this.mvStore);
		}
		logger.info("Store {} closed", this.name);
	}

	private void sync() {
		try {
			if (!this.mvStore.isClosed()) {
				this.mvStore.sync();
			}
		}
		catch (RuntimeException ex) {
			// Tried again a second later; a close syncs the file in any case.
			logger.warn("Store {} could not force its file to disk: {}", this.name, ex.toString());
		}
	}

	private static void closeIfOpen(MVStore mvStore) {
		if (!mvStore.isClosed()) {
			mvStore.close();
		}
	}

}
