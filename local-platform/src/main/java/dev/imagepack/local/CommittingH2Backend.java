package dev.imagepack.local;

import java.util.Locale;
import java.util.Set;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * An H2 backend that commits its file before it answers a write (every command the
 * MongoDB driver sends arrives as an {@code OP_MSG} message), so that a write a client
 * saw acknowledged survives a {@code kill -9} of the platform, as it would with a
 * journaled MongoDB. Without this the MVStore commits about once a second, and a service
 * could lose a write whose Kafka offset was already committed.
 * <p>
 * Commits are grouped: a write waits for a commit that began after it, and one commit
 * covers every write made before it began. Writes arriving on other connections while a
 * commit runs share the next one instead of committing one by one, as a journal's group
 * commit does.
 * <p>
 * Its databases keep their unique indexes in maps whose keys H2 compares directly
 * ({@link StoreDatabase}).
 */
final class CommittingH2Backend extends H2Backend {

	private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "create",
			"createindexes", "drop", "dropdatabase", "dropindexes", "renamecollection");

	private final MVStore store;

	private final Object commitLock = new Object();

	private long committedVersion = -1;

	private final OperationCounters counters = new OperationCounters();

	CommittingH2Backend(MVStore store) {
		super(store);
		this.store = store;
		// The backend opened the databases it finds under its own map names; those whose
		// documents are kept in BSON are found under the names StoreDatabase gives them.
		store.getMapNames()
			.stream()
			.filter((map) -> map.startsWith(StoreDatabase.DOCUMENTS))
			.map((map) -> map.substring(StoreDatabase.DOCUMENTS.length()))
			.map((namespace) -> namespace.substring(0, Math.max(0, namespace.indexOf('.'))))
			.filter((database) -> !database.isEmpty())
			.distinct()
			.forEach(this::resolveDatabase);
	}

	@Override
	protected MongoDatabase openOrCreateDatabase(String databaseName) {
		// Also called while H2Backend's constructor opens the databases already in the
		// file, before this class's fields are set: the store comes from the getter.
		return new StoreDatabase(databaseName, getMvStore(), getCursorRegistry());
	}

	/**
	 * Answers {@code hello}, with which current drivers and tools greet a server, as the
	 * {@code isMaster} it replaced; the server knows only the older name, and logged
	 * every greeting as an error. Adds to {@code serverStatus} the {@code opcounters} the
	 * server leaves out, and the store's commits ({@link OperationCounters}).
	 */
	@Override
	public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
		if (command.equalsIgnoreCase("hello")) {
			Document answer = super.handleCommand(channel, databaseName, "isMaster", query);
			answer.putIfAbsent("isWritablePrimary", Boolean.TRUE);
			return answer;
		}
		if (command.equalsIgnoreCase("serverStatus")) {
			Document answer = super.handleCommand(channel, databaseName, command, query);
			answer.put("opcounters", this.counters.opcounters());
			answer.put("localPlatformStore", this.counters.store());
			return answer;
		}
		return super.handleCommand(channel, databaseName, command, query);
	}

	@Override
	public Document handleMessage(MongoMessage message) {
		Document command = message.getDocument();
		this.counters.count(command);
		Document answer = super.handleMessage(message);
		if (!command.isEmpty() && isWrite(command.keySet().iterator().next())) {
			commitThrough(this.store.getCurrentVersion());
		}
		return answer;
	}

	/**
	 * Returns once the changes of a version are in the file: at once if a commit since
	 * covered them, otherwise after committing everything written so far.
	 * <p>
	 * H2's background writer also commits (once a second, for its housekeeping), and
	 * writes what it commits on threads of its own after it returned. A commit here that
	 * stores nothing may follow such a commit that took every change made so far and is
	 * still writing them; it then waits until that writing is done. It may also have met
	 * a store under way that left changes behind, and then commits again. A commit that
	 * stores writes after every commit before it, so it needs no such wait.
	 * <p>
	 * Only versions a store covered count as committed: the version still open when the
	 * background writer took the changes is not, or a write made into it afterwards would
	 * be answered before any commit held it.
	 */
	private void commitThrough(long version) {
		synchronized (this.commitLock) {
			if (this.committedVersion >= version) {
				return;
			}
			long committing = this.store.getCurrentVersion();
			long stored;
			while (true) {
				if (this.store.commit() >= 0) {
					stored = committing;
					break;
				}
				long open = this.store.getCurrentVersion();
				boolean leftBehind = this.store.hasUnsavedChanges();
				this.store.executeFilestoreOperation(() -> {
					// Runs once the background writer's commits are in the file.
				});
				if (!leftBehind) {
					stored = Math.min(committing, open - 1);
					break;
				}
			}
			this.committedVersion = Math.max(this.committedVersion, stored);
			this.counters.committed();
		}
	}

	private static boolean isWrite(String command) {
		return WRITES.contains(command.toLowerCase(Locale.ROOT));
	}

}
