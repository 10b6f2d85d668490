package dev.imagepack.bench.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until the services' consumer groups have taken every record on their topics, so
 * that what a round's drafts sent (each draft's {@code VersionSaved}, applied by
 * mapping-service and permission-service) is done before the round's clock starts rather
 * than during it.
 */
final class ConsumerLag implements AutoCloseable {

	/** The services' consumer groups, one per service, named after it. */
	static final List<String> GROUPS = List.of("package-service", "replication-service", "mapping-service",
			"permission-service");

	private static final Duration QUIET = Duration.ofMillis(200);

	private static final Duration POLL = Duration.ofMillis(50);

	private final Admin admin;

	ConsumerLag(String bootstrap) {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
	}

	/**
	 * Waits until every group has committed the end of every partition it reads, and the
	 * ends stayed where they were for 200 ms (events still in a service's outbox are sent
	 * meanwhile).
	 * @param timeout how long to wait at most
	 * @return the records the groups had still to take when the wait began
	 */
	long awaitCaughtUp(Duration timeout) throws InterruptedException, ExecutionException {
		long deadline = System.nanoTime() + timeout.toNanos();
		long first = -1;
		Map<TopicPartition, Long> ends = Map.of();
		long quietSince = System.nanoTime();
		while (true) {
			Map<GroupPartition, Long> committed = committed();
			Map<TopicPartition, Long> latest = ends(committed);
			long lag = 0;
			for (Map.Entry<GroupPartition, Long> read : committed.entrySet()) {
				lag += Math.max(0, latest.getOrDefault(read.getKey().partition(), 0L) - read.getValue());
			}
			if (first < 0) {
				first = lag;
			}
			if (!latest.equals(ends)) {
				ends = latest;
				quietSince = System.nanoTime();
			}
			if (lag == 0 && System.nanoTime() - quietSince >= QUIET.toNanos()) {
				return first;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The services' consumers still had " + lag + " records to take after "
						+ timeout.toSeconds() + " s");
			}
			Thread.sleep(POLL.toMillis());
		}
	}

	/** The offset each group committed on each partition it reads. */
	private Map<GroupPartition, Long> committed() throws InterruptedException, ExecutionException {
		Map<GroupPartition, Long> committed = new HashMap<>();
		for (String group : GROUPS) {
			this.admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get()
				.forEach((partition, offset) -> {
					if (offset != null) {
						committed.put(new GroupPartition(group, partition), offset.offset());
					}
				});
		}
		return committed;
	}

	/** The end of every partition the groups read. */
	private Map<TopicPartition, Long> ends(Map<GroupPartition, Long> committed)
			throws InterruptedException, ExecutionException {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		for (GroupPartition read : committed.keySet()) {
			request.put(read.partition(), OffsetSpec.latest());
		}
		Map<TopicPartition, Long> ends = new HashMap<>();
		this.admin.listOffsets(request).all().get().forEach((partition, end) -> ends.put(partition, end.offset()));
		return ends;
	}

	private record GroupPartition(String group, TopicPartition partition) {
	}

	@Override
	public void close() {
		this.admin.close();
	}

}
