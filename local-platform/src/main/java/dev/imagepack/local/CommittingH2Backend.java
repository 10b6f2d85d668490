package dev.imagepack.local;

import java.util.Locale;
import java.util.Set;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import org.h2.mvstore.MVStore;

/**
 * An H2 backend that commits its file after every write it answers (every command the
 * MongoDB driver sends arrives as an {@code OP_MSG} message), so that a write a client
 * saw acknowledged survives a {@code kill -9} of the platform, as it would with a
 * journaled MongoDB. Without this the MVStore commits about once a second, and a service
 * could lose a write whose Kafka offset was already committed.
 */
final class CommittingH2Backend extends H2Backend {

	private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "create",
			"createindexes", "drop", "dropdatabase", "dropindexes", "renamecollection");

	CommittingH2Backend(MVStore store) {
		super(store);
	}

	@Override
	public Document handleMessage(MongoMessage message) {
		Document answer = super.handleMessage(message);
		commitAfter(message.getDocument());
		return answer;
	}

	private void commitAfter(Document command) {
		if (!command.isEmpty() && isWrite(command.keySet().iterator().next())) {
			commit();
		}
	}

	private static boolean isWrite(String command) {
		return WRITES.contains(command.toLowerCase(Locale.ROOT));
	}

}
