package dev.imagepack.events.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

import dev.imagepack.events.PackageDeleted;
import dev.imagepack.events.PackageVisibilityChanged;
import dev.imagepack.events.RegionImageRemoved;
import dev.imagepack.events.RegionReplicated;
import dev.imagepack.events.RegionReplicationProgressed;
import dev.imagepack.events.ServiceVisibilityChanged;
import dev.imagepack.events.VersionDeleted;
import dev.imagepack.events.VersionDistributionSettled;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.VersionRetryRequested;
import dev.imagepack.events.VersionSaved;

/**
 * The published language: every event type, the topic it travels on and the field that
 * keys it.
 */
public final class EventCatalog {

	/** Package of every generated event class; the serde trusts it and nothing else. */
	public static final String EVENTS_PACKAGE = "dev.imagepack.events";

	private static final List<EventType> TYPES = List.of(new EventType(VersionSaved.class, Topic.PACKAGE_EVENTS),
			new EventType(VersionPublished.class, Topic.PACKAGE_EVENTS),
			new EventType(VersionDistributionSettled.class, Topic.PACKAGE_EVENTS),
			new EventType(VersionRetryRequested.class, Topic.PACKAGE_EVENTS),
			new EventType(VersionDeleted.class, Topic.PACKAGE_EVENTS),
			new EventType(PackageDeleted.class, Topic.PACKAGE_EVENTS),
			new EventType(RegionReplicationProgressed.class, Topic.REPLICATION_EVENTS),
			new EventType(RegionReplicated.class, Topic.REPLICATION_EVENTS),
			new EventType(RegionImageRemoved.class, Topic.REPLICATION_EVENTS),
			new EventType(ServiceVisibilityChanged.class, Topic.SERVICE_VISIBILITY_EVENTS),
			new EventType(PackageVisibilityChanged.class, Topic.PERMISSION_EVENTS));

	private static final Map<Class<?>, EventType> BY_CLASS = TYPES.stream()
		.collect(Collectors.toUnmodifiableMap(EventType::javaClass, Function.identity()));

	private static final Map<String, EventType> BY_NAME = TYPES.stream()
		.collect(Collectors.toUnmodifiableMap(EventType::name, Function.identity()));

	private EventCatalog() {
	}

	/**
	 * Every event type, in catalogue order.
	 * @return the event types
	 */
	public static List<EventType> types() {
		return TYPES;
	}

	/**
	 * The event type of a generated class.
	 * @param javaClass a generated event class
	 * @return its type, or empty if the class is not an event of the catalogue
	 */
	public static Optional<EventType> forClass(Class<?> javaClass) {
		return Optional.ofNullable(BY_CLASS.get(javaClass));
	}

	/**
	 * The event type of a full Avro name, which is also the CloudEvents {@code ce_type}.
	 * @param fullName the Avro full name, such as
	 * {@code dev.imagepack.events.VersionPublished}
	 * @return its type, or empty if the catalogue has no such event
	 */
	public static Optional<EventType> forName(String fullName) {
		return Optional.ofNullable(BY_NAME.get(fullName));
	}

	/**
	 * The event type of an event.
	 * @param event an event of the catalogue
	 * @return its type
	 * @throws IllegalArgumentException if the event is not of the catalogue
	 */
	public static EventType of(SpecificRecord event) {
		return forClass(event.getClass()).orElseThrow(
				() -> new IllegalArgumentException("Not an event of the catalogue: " + event.getClass().getName()));
	}

	/**
	 * One event type of the catalogue.
	 *
	 * @param javaClass the generated class
	 * @param topic the topic the event travels on
	 */
	public record EventType(Class<? extends SpecificRecord> javaClass, Topic topic) {

		/**
		 * The current schema, as generated into the class.
		 * @return the schema
		 */
		public Schema schema() {
			try {
				return (Schema) this.javaClass.getField("SCHEMA$").get(null);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Generated class has no SCHEMA$: " + this.javaClass.getName(), ex);
			}
		}

		/**
		 * The full Avro name, used as the CloudEvents type.
		 * @return the name
		 */
		public String name() {
			return this.javaClass.getName();
		}

		/**
		 * The record key of an event of this type: the ID of the aggregate it is about.
		 * @param event the event
		 * @return the key
		 */
		public String keyOf(SpecificRecord event) {
			Object key = event.get(event.getSchema().getField(this.topic.keyField()).pos());
			if (key == null) {
				throw new IllegalArgumentException(name() + " has no " + this.topic.keyField());
			}
			return key.toString();
		}

	}

	/**
	 * The topics, one per aggregate, and the field of each event that keys it.
	 */
	public enum Topic {

		/** Events of deployment packages and their versions, owned by package-service. */
		PACKAGE_EVENTS("package-events", "packageId"),

		/** Per-region replication results, owned by replication-service. */
		REPLICATION_EVENTS("replication-events", "packageId"),

		/**
		 * The service catalogue's view of each service, owned by the service catalogue.
		 */
		SERVICE_VISIBILITY_EVENTS("service-visibility-events", "serviceId"),

		/** Each package's computed visibility, owned by permission-service. */
		PERMISSION_EVENTS("permission-events", "packageId");

		private final String topicName;

		private final String keyField;

		Topic(String topicName, String keyField) {
			this.topicName = topicName;
			this.keyField = keyField;
		}

		/**
		 * The Kafka topic name.
		 * @return the name
		 */
		public String topicName() {
			return this.topicName;
		}

		/**
		 * The event field whose value is the record key.
		 * @return the field name
		 */
		public String keyField() {
			return this.keyField;
		}

	}

}
