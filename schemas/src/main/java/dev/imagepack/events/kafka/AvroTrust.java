package dev.imagepack.events.kafka;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

import dev.imagepack.events.catalog.EventCatalog;

/**
 * Adds the event classes to the classes Avro trusts, so no user has to set
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES}. Whatever the JVM already trusted stays
 * trusted.
 */
final class AvroTrust {

	private static final String TRUSTED_PREFIX = EventCatalog.EVENTS_PACKAGE + ".";

	private static boolean installed;

	private AvroTrust() {
	}

	static synchronized void install() {
		if (installed) {
			return;
		}
		ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
		ClassSecurityPredicate events = (type) -> type.getName().startsWith(TRUSTED_PREFIX)
				&& type.getName().indexOf('.', TRUSTED_PREFIX.length()) < 0;
		ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous, events));
		installed = true;
	}

}
