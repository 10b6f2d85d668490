package dev.imagepack.local;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster in KRaft combined mode (broker and controller, node id 1)
 * running in this JVM, with its log under one directory that survives restarts.
 */
public final class KafkaBroker implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(KafkaBroker.class);

	private static final int NODE_ID = 1;

	private static final String CONTROLLER_LISTENER = "CONTROLLER";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private final KafkaRaftServer server;

	private final String bootstrapServers;

	private final String controllerAddress;

	private KafkaBroker(KafkaRaftServer server, String bootstrapServers, String controllerAddress) {
		this.server = server;
		this.bootstrapServers = bootstrapServers;
		this.controllerAddress = controllerAddress;
	}

	/**
	 * Formats the log directory if it has never been formatted, starts the broker and
	 * waits until it answers clients.
	 * @param logDirectory the directory of the Kafka log and the cluster metadata
	 * @param port the PLAINTEXT listener port
	 * @param controllerPort the CONTROLLER listener port
	 * @return the running broker
	 * @throws LocalPlatformException if the broker fails to start or to become ready
	 */
	public static KafkaBroker start(Path logDirectory, int port, int controllerPort) {
		String host = LocalPlatformSettings.HOST;
		KafkaBroker broker;
		try {
			KafkaConfig config = new KafkaConfig(properties(logDirectory, host, port, controllerPort), false);
			formatIfNeeded(config, logDirectory);
			broker = new KafkaBroker(new KafkaRaftServer(config, Time.SYSTEM), host + ":" + port,
					host + ":" + controllerPort);
		}
		catch (RuntimeException ex) {
			throw startFailure(ex);
		}
		try {
			broker.server.startup();
			broker.awaitReady();
			return broker;
		}
		catch (RuntimeException ex) {
			broker.close();
			throw startFailure(ex);
		}
	}

	private static LocalPlatformException startFailure(RuntimeException ex) {
		if (ex instanceof LocalPlatformException platformException) {
			return platformException;
		}
		return new LocalPlatformException("kafka failed to start: " + ex.getMessage(), ex);
	}

	static Map<String, String> properties(Path logDirectory, String host, int port, int controllerPort) {
		Map<String, String> properties = new HashMap<>();
		properties.put("process.roles", "broker,controller");
		properties.put("node.id", String.valueOf(NODE_ID));
		// Static voters rather than a formatted dynamic quorum: the controller endpoint
		// is not written to the log, so --controller-port can change between runs.
		properties.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
		properties.put("listeners",
				"PLAINTEXT://" + host + ":" + port + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
		properties.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
		properties.put("controller.listener.names", CONTROLLER_LISTENER);
		properties.put("inter.broker.listener.name", "PLAINTEXT");
		properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
		properties.put("log.dirs", logDirectory.toString());
		properties.put("num.partitions", "3");
		properties.put("auto.create.topics.enable", "true");
		properties.put("default.replication.factor", "1");
		properties.put("min.insync.replicas", "1");
		properties.put("offsets.topic.replication.factor", "1");
		// The internal topics default to 50 partitions, which on one broker only adds
		// files and slows the first consumer group or transaction down.
		properties.put("offsets.topic.num.partitions", "3");
		properties.put("transaction.state.log.replication.factor", "1");
		properties.put("transaction.state.log.min.isr", "1");
		properties.put("transaction.state.log.num.partitions", "3");
		properties.put("share.coordinator.state.topic.replication.factor", "1");
		properties.put("share.coordinator.state.topic.min.isr", "1");
		properties.put("share.coordinator.state.topic.num.partitions", "3");
		properties.put("group.initial.rebalance.delay.ms", "0");
		// After a kill -9 the restarted controller counts the old broker registration as
		// alive until its session expires (9 s by default) and refuses the new one
		// meanwhile; a short session keeps that wait to about 3 s.
		properties.put("broker.session.timeout.ms", "3000");
		properties.put("broker.heartbeat.interval.ms", "500");
		// The default 128 MiB compaction buffer is sized for production; the compacted
		// topics here are tiny.
		properties.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
		return properties;
	}

	private static void formatIfNeeded(KafkaConfig config, Path logDirectory) {
		if (Files.exists(logDirectory.resolve("meta.properties"))) {
			return;
		}
		try {
			Files.createDirectories(logDirectory);
			String clusterId = Uuid.randomUuid().toString();
			new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
				.setNodeId(NODE_ID)
				.setClusterId(clusterId)
				.setControllerListenerName(CONTROLLER_LISTENER)
				.setMetadataLogDirectory(config.metadataLogDir())
				.addDirectory(logDirectory.toString())
				.run();
			logger.info("Formatted {} for cluster {}", logDirectory, clusterId);
		}
		catch (Exception ex) {
			throw new LocalPlatformException("cannot format kafka log directory " + logDirectory + ": " + ex, ex);
		}
	}

	private void awaitReady() {
		Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				AdminClientConfig.CLIENT_ID_CONFIG, "local-platform-readiness");
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		try (Admin admin = Admin.create(config)) {
			while (true) {
				try {
					Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000))
						.nodes()
						.get(6, TimeUnit.SECONDS);
					if (nodes.stream().anyMatch((node) -> node.id() == NODE_ID)) {
						return;
					}
				}
				catch (ExecutionException | TimeoutException ex) {
					logger.debug("Kafka not ready yet", ex);
				}
				if (System.nanoTime() > deadline) {
					throw new LocalPlatformException(
							"kafka did not answer on " + this.bootstrapServers + " within " + READY_TIMEOUT);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LocalPlatformException("interrupted while waiting for kafka", ex);
		}
	}

	/**
	 * Returns the address clients use.
	 * @return {@code host:port} of the PLAINTEXT listener
	 */
	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	/**
	 * Returns the address of the KRaft controller listener.
	 * @return {@code host:port} of the CONTROLLER listener
	 */
	public String controllerAddress() {
		return this.controllerAddress;
	}

	/**
	 * Shuts the broker down in a controlled way (leadership handed back, logs flushed and
	 * marked clean) and waits until it has stopped.
	 */
	@Override
	public void close() {
		this.server.shutdown();
		this.server.awaitShutdown();
		logger.info("Kafka stopped");
	}

}
