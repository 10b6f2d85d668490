package dev.imagepack.permission.visibility.messaging;

import java.time.Clock;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagepack.events.PackageDeleted;
import dev.imagepack.events.ServiceVisibilityChanged;
import dev.imagepack.events.VersionDeleted;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.VersionSaved;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.permission.visibility.Permissions;
import dev.imagepack.permission.visibility.RejectionReporter;
import dev.imagepack.permission.visibility.ServiceRecords;
import dev.imagepack.platform.messaging.EventFields;
import dev.imagepack.platform.messaging.EventMessages;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.messaging.Message;

/**
 * What permission-service consumes: the catalogue's {@code ServiceVisibilityChanged} and
 * the owners and deletions of packages from {@code package-events}. An event that cannot
 * describe a service is refused, which sends it to the dead-letter topic with the reason.
 */
@Configuration(proxyBeanMethods = false)
class PermissionEventHandlers {

	private static final Logger logger = LoggerFactory.getLogger(PermissionEventHandlers.class);

	@Bean
	VisibilityEvents visibilityEvents(StreamBridge streamBridge, MongoTemplate mongo) {
		return new VisibilityEvents(streamBridge, mongo);
	}

	@Bean
	RejectionReporter rejectionReporter(MongoTemplate mongo, VisibilityEvents events, Clock clock) {
		return new RejectionReporter(mongo, events, clock);
	}

	@Bean
	Consumer<Message<SpecificRecord>> trackServiceVisibility(Permissions permissions) {
		return (message) -> {
			CloudEventAttributes attributes = EventMessages.attributesOf(message.getHeaders());
			if (!(EventMessages.eventOf(message) instanceof ServiceVisibilityChanged changed)) {
				logger.atDebug().addKeyValue("type", attributes.type()).log("Event of no concern skipped");
				return;
			}
			permissions.serviceChanged(ServiceRecords.of(changed));
		};
	}

	@Bean
	Consumer<Message<SpecificRecord>> trackPackageOwners(Permissions permissions) {
		return (message) -> {
			// Checked though not used: a record without its CloudEvents context is
			// dead-lettered, as every other consumer does.
			EventMessages.attributesOf(message.getHeaders());
			SpecificRecord payload = EventMessages.eventOf(message);
			// Fields not used are checked as the other consumers check them, so that an
			// event they refuse does not make this service learn of a package.
			if (payload instanceof VersionSaved saved) {
				EventFields.imageContent(saved.getContent());
				EventFields.regions(saved.getRegions());
				permissions.packageSeen(ServiceRecords.id(saved.getPackageId(), "packageId"),
						ServiceRecords.id(saved.getOwnerAccountId(), "ownerAccountId"));
			}
			else if (payload instanceof VersionPublished published) {
				EventFields.versionNumber(published.getVersionNumber());
				EventFields.imageContent(published.getContent());
				EventFields.regions(published.getRegions());
				permissions.packageSeen(ServiceRecords.id(published.getPackageId(), "packageId"),
						ServiceRecords.id(published.getOwnerAccountId(), "ownerAccountId"));
			}
			else if (payload instanceof VersionDeleted deleted) {
				if (deleted.getVersionNumber() != null) {
					EventFields.versionNumber(deleted.getVersionNumber());
				}
				permissions.packageSeen(ServiceRecords.id(deleted.getPackageId(), "packageId"),
						ServiceRecords.id(deleted.getOwnerAccountId(), "ownerAccountId"));
			}
			else if (payload instanceof PackageDeleted deleted) {
				permissions.packageDeleted(ServiceRecords.id(deleted.getPackageId(), "packageId"),
						ServiceRecords.id(deleted.getOwnerAccountId(), "ownerAccountId"));
			}
		};
	}

}
