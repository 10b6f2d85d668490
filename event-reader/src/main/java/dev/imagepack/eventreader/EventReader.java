package dev.imagepack.eventreader;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

import dev.imagepack.events.kafka.EventDeserializer;

/**
 * Prints the records of a topic, from its beginning, as lines of JSON
 * ({@link RecordJson}): the events of {@code package-events}, {@code replication-events},
 * ... decoded with every released schema, and the dead letters of
 * {@code error.<topic>.<group>} with their reasons. It reads without a consumer group, so
 * it moves no service's offsets.
 */
public final class EventReader {

	static final String USAGE = """
			usage: events.sh [--bootstrap-servers HOST:PORT] [--follow] [--max N] TOPIC
			  TOPIC                     such as package-events, or a dead-letter topic such as
			                            error.replication-events.mapping-service
			  --bootstrap-servers       Kafka to read (KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:9092)
			  --follow                  keep printing new records until stopped, rather than
			                            ending at the topic's end
			  --max N                   end after N records""";

	private static final Duration POLL = Duration.ofMillis(500);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/**
	 * How long a follower goes without records before it asks whether the broker answers.
	 */
	private static final Duration QUIET_CHECK = Duration.ofSeconds(10);

	/** Kafka's rule for topic names. */
	private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

	private EventReader() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.getenv("KAFKA_BOOTSTRAP_SERVERS"), System.out, System.err));
	}

	/**
	 * Reads a topic as the arguments say.
	 * @param args the command line
	 * @param environmentServers the servers the environment names, if any
	 * @param out where the records go
	 * @param err where usage and errors go
	 * @return the exit status: 0 read, 1 Kafka or the topic missing, 2 wrong arguments
	 */
	static int run(String[] args, @Nullable String environmentServers, PrintStream out, PrintStream err) {
		Options options;
		try {
			options = Options.parse(args, (environmentServers != null && !environmentServers.isBlank())
					? environmentServers : "127.0.0.1:9092");
		}
		catch (IllegalArgumentException ex) {
			err.println(ex.getMessage());
			err.println(USAGE);
			return 2;
		}
		if (options == null) {
			out.println(USAGE);
			return 0;
		}
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties(options.servers()))) {
			List<PartitionInfo> partitions = consumer.partitionsFor(options.topic(), TIMEOUT);
			if (partitions == null || partitions.isEmpty()) {
				err.println("No topic " + options.topic() + " on " + options.servers() + "; its topics: "
						+ new TreeSet<>(consumer.listTopics(TIMEOUT).keySet()));
				return 1;
			}
			List<TopicPartition> assigned = new ArrayList<>();
			partitions
				.forEach((partition) -> assigned.add(new TopicPartition(partition.topic(), partition.partition())));
			consumer.assign(assigned);
			consumer.seekToBeginning(assigned);
			Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, TIMEOUT);
			read(consumer, options, ends, out, err);
			out.flush();
			return 0;
		}
		catch (KafkaException ex) {
			err.println("Could not read " + options.topic() + " from Kafka at " + options.servers()
					+ " (is it running? on a busy machine it may also take longer than " + TIMEOUT.toSeconds()
					+ " s to answer; try again): " + ex.getMessage());
			return 1;
		}
	}

	private static void read(KafkaConsumer<byte[], byte[]> consumer, Options options, Map<TopicPartition, Long> ends,
			PrintStream out, PrintStream err) {
		EventDeserializer deserializer = new EventDeserializer();
		long printed = 0;
		long quietSince = System.nanoTime();
		boolean lost = false;
		while (true) {
			ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
			for (ConsumerRecord<byte[], byte[]> record : records) {
				out.println(line(deserializer, record));
				printed++;
				if (out.checkError()) {
					// Whoever read the output stopped reading, as `| head` does.
					return;
				}
				if (options.max() != null && printed >= options.max()) {
					return;
				}
			}
			if (!options.follow() && ends.entrySet()
				.stream()
				.allMatch((end) -> consumer.position(end.getKey(), TIMEOUT) >= end.getValue())) {
				return;
			}
			if (!records.isEmpty()) {
				quietSince = System.nanoTime();
			}
			else if (System.nanoTime() - quietSince > QUIET_CHECK.toNanos()) {
				// A poll returns nothing alike whether the broker is idle or gone; asking
				// it
				// tells the two apart, so that a reader left following says when it lost
				// the broker and when it has it back.
				quietSince = System.nanoTime();
				boolean answers = answers(consumer);
				if (answers == lost) {
					lost = !answers;
					err.println(lost ? "Kafka at " + options.servers() + " does not answer; still trying"
							: "Kafka at " + options.servers() + " answers again");
				}
			}
		}
	}

	private static boolean answers(KafkaConsumer<byte[], byte[]> consumer) {
		try {
			// Always asked of the broker, where partitionsFor may answer from what it
			// knows.
			consumer.listTopics(QUIET_CHECK);
			return true;
		}
		catch (KafkaException ex) {
			return false;
		}
	}

	private static String line(EventDeserializer deserializer, ConsumerRecord<byte[], byte[]> record) {
		try {
			SpecificRecord event = deserializer.deserialize(record.topic(), record.value());
			return RecordJson.line(record, event, null);
		}
		catch (RuntimeException ex) {
			return RecordJson.line(record, null, ex.getMessage());
		}
	}

	private static Properties properties(String servers) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
		properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "event-reader");
		properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// Reading a topic that is not there must not create it on a broker that creates
		// topics on first use, as the embedded one does.
		properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return properties;
	}

	/**
	 * What the command line asks for.
	 *
	 * @param topic the topic
	 * @param servers the Kafka bootstrap servers
	 * @param follow whether to keep reading at the topic's end
	 * @param max how many records at most, if limited
	 */
	record Options(String topic, String servers, boolean follow, @Nullable Long max) {

		/**
		 * Reads the command line.
		 * @return the options, or null if help was asked for
		 * @throws IllegalArgumentException if the command line is wrong
		 */
		static @Nullable Options parse(String[] args, String defaultServers) {
			String topic = null;
			String servers = defaultServers;
			boolean follow = false;
			Long max = null;
			for (int i = 0; i < args.length; i++) {
				switch (args[i]) {
					case "-h", "--help" -> {
						return null;
					}
					case "--follow" -> follow = true;
					case "--bootstrap-servers" -> servers = next(args, ++i, "--bootstrap-servers");
					case "--max" -> max = count(next(args, ++i, "--max"));
					default -> {
						if (args[i].startsWith("-")) {
							throw new IllegalArgumentException("Unknown option " + args[i]);
						}
						if (topic != null) {
							throw new IllegalArgumentException("One topic at a time, not " + topic + " and " + args[i]);
						}
						topic = args[i];
					}
				}
			}
			if (topic == null) {
				throw new IllegalArgumentException("Name the topic to read");
			}
			if (!TOPIC.matcher(topic).matches()) {
				throw new IllegalArgumentException("Not a topic name: " + topic
						+ " (Kafka's topic names are 1 to 249 letters, digits, '.', '_' or '-')");
			}
			return new Options(topic, servers, follow, max);
		}

		private static String next(String[] args, int index, String option) {
			if (index >= args.length || args[index].isBlank()) {
				throw new IllegalArgumentException(option + " needs a value");
			}
			return args[index];
		}

		private static long count(String value) {
			try {
				long count = Long.parseLong(value);
				if (count >= 1) {
					return count;
				}
			}
			catch (NumberFormatException ex) {
				// Refused below.
			}
			throw new IllegalArgumentException("--max takes a number of records from 1, not " + value);
		}

	}

}
