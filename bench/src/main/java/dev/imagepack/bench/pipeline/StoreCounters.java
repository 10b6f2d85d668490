package dev.imagepack.bench.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;

/**
 * The operations stores were asked for, from {@code serverStatus}: MongoDB's
 * {@code opcounters}, and the embedded store's commits where it reports them.
 */
final class StoreCounters {

	private static final List<String> COUNTERS = List.of("insert", "update", "delete", "query", "getmore", "command");

	private StoreCounters() {
	}

	/**
	 * Reads the counters of each store.
	 * @param stores the stores' URIs by name
	 * @return their counters by name, with {@code commits} beside MongoDB's own
	 */
	static Map<String, Document> read(Map<String, String> stores) {
		Map<String, Document> counters = new LinkedHashMap<>();
		for (Map.Entry<String, String> store : stores.entrySet()) {
			try (MongoClient client = MongoClients.create(store.getValue())) {
				Document status = client.getDatabase("admin").runCommand(new Document("serverStatus", 1));
				Document read = new Document(status.get("opcounters", new Document()));
				Document own = status.get("localPlatformStore", Document.class);
				if (own != null) {
					read.put("commits", own.get("commits"));
				}
				counters.put(store.getKey(), read);
			}
		}
		return counters;
	}

	/**
	 * Prints a {@code RESULT} line per store: each counter's growth per unit of work.
	 * @param key the line's key
	 * @param before the counters before the work
	 * @param after the counters after it
	 * @param units how many units of work were done
	 */
	static void report(String key, Map<String, Document> before, Map<String, Document> after, int units) {
		double writes = 0;
		double commits = 0;
		for (Map.Entry<String, Document> store : after.entrySet()) {
			StringBuilder line = new StringBuilder("RESULT ").append(key).append(' ').append(store.getKey());
			Document earlier = before.get(store.getKey());
			for (String counter : COUNTERS) {
				double grown = grown(earlier, store.getValue(), counter);
				line.append(String.format(" %sPerMapping=%.2f", counter, grown / units));
				if (counter.equals("insert") || counter.equals("update") || counter.equals("delete")) {
					writes += grown;
				}
			}
			if (store.getValue().containsKey("commits")) {
				double grown = grown(earlier, store.getValue(), "commits");
				commits += grown;
				line.append(String.format(" commitsPerMapping=%.2f", grown / units));
			}
			System.out.println(line);
		}
		if (!after.isEmpty()) {
			System.out.printf(
					"RESULT %s all insertUpdateDeletePerMapping=%.2f commitsPerMapping=%.2f "
							+ "(findAndModify counts as a command, as in MongoDB)%n",
					key, writes / units, commits / units);
		}
	}

	private static double grown(Document before, Document after, String counter) {
		return ((Number) after.get(counter)).doubleValue() - ((Number) before.get(counter)).doubleValue();
	}

}
