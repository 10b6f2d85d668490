package dev.imagepack.local;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

import de.bwaldvogel.mongo.bson.Document;

/**
 * What a store was asked to do, counted as MongoDB counts it in {@code serverStatus}'s
 * {@code opcounters}: an insert per document inserted, an update or a delete per
 * statement of an {@code update} or {@code delete} command, a query per {@code find}, a
 * getmore per {@code getMore}, and a command for anything else (a {@code findAndModify}
 * among them). Beside them, the store's own figure: how many commits wrote its file,
 * which the writes share when they arrive together.
 */
final class OperationCounters {

	private final LongAdder inserts = new LongAdder();

	private final LongAdder queries = new LongAdder();

	private final LongAdder updates = new LongAdder();

	private final LongAdder deletes = new LongAdder();

	private final LongAdder getMores = new LongAdder();

	private final LongAdder commands = new LongAdder();

	private final LongAdder commits = new LongAdder();

	/**
	 * Counts a command as it arrived, before it ran: MongoDB counts what failed too.
	 * @param command the command's document, its first key naming it
	 */
	void count(Document command) {
		if (command.isEmpty()) {
			return;
		}
		switch (command.keySet().iterator().next().toLowerCase(Locale.ROOT)) {
			case "insert" -> this.inserts.add(statements(command, "documents"));
			case "update" -> this.updates.add(statements(command, "updates"));
			case "delete" -> this.deletes.add(statements(command, "deletes"));
			case "find" -> this.queries.increment();
			case "getmore" -> this.getMores.increment();
			default -> this.commands.increment();
		}
	}

	private static int statements(Document command, String field) {
		return (command.get(field) instanceof List<?> statements) ? statements.size() : 0;
	}

	void committed() {
		this.commits.increment();
	}

	/**
	 * The counters as {@code serverStatus} answers them.
	 * @return {@code opcounters}
	 */
	Document opcounters() {
		return new Document().append("insert", this.inserts.sum())
			.append("query", this.queries.sum())
			.append("update", this.updates.sum())
			.append("delete", this.deletes.sum())
			.append("getmore", this.getMores.sum())
			.append("command", this.commands.sum());
	}

	/**
	 * The store's own figures, under a name of the platform's in {@code serverStatus}.
	 * @return the number of commits
	 */
	Document store() {
		return new Document("commits", this.commits.sum());
	}

}
