package dev.imagepack.permission.visibility.messaging;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.apache.avro.specific.SpecificRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.imagepack.events.PackageDeleted;
import dev.imagepack.events.PackageVersionRef;
import dev.imagepack.events.ServiceStatus;
import dev.imagepack.events.ServiceVisibilityChanged;
import dev.imagepack.events.VersionDeleted;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.VersionSaved;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.permission.visibility.Permissions;
import dev.imagepack.permission.visibility.RejectionReporter;
import dev.imagepack.permission.visibility.ServiceRecord;
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

	static final int MAX_ASSOCIATIONS = 1_000;

	static final int MAX_WHITELIST = 1_000;

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

	private static final Pattern VERSION = Pattern.compile("draft|[1-9][0-9]{0,8}");

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
			if (!(message.getPayload() instanceof ServiceVisibilityChanged changed)) {
				logger.atDebug().addKeyValue("type", attributes.type()).log("Event of no concern skipped");
				return;
			}
			permissions.serviceChanged(service(changed));
		};
	}

	@Bean
	Consumer<Message<SpecificRecord>> trackPackageOwners(Permissions permissions) {
		return (message) -> {
			SpecificRecord payload = message.getPayload();
			if (payload instanceof VersionSaved saved) {
				permissions.packageSeen(id(saved.getPackageId(), "packageId"),
						id(saved.getOwnerAccountId(), "ownerAccountId"));
			}
			else if (payload instanceof VersionPublished published) {
				permissions.packageSeen(id(published.getPackageId(), "packageId"),
						id(published.getOwnerAccountId(), "ownerAccountId"));
			}
			else if (payload instanceof VersionDeleted deleted) {
				permissions.packageSeen(id(deleted.getPackageId(), "packageId"),
						id(deleted.getOwnerAccountId(), "ownerAccountId"));
			}
			else if (payload instanceof PackageDeleted deleted) {
				permissions.packageDeleted(id(deleted.getPackageId(), "packageId"),
						id(deleted.getOwnerAccountId(), "ownerAccountId"));
			}
		};
	}

	static ServiceRecord service(ServiceVisibilityChanged changed) {
		String serviceId = id(changed.getServiceId(), "serviceId");
		if (changed.getStatus() != ServiceStatus.ACTIVE && changed.getStatus() != ServiceStatus.DELETED) {
			throw new IllegalArgumentException("Service " + serviceId + " has status " + changed.getStatus()
					+ ", which this service does not know; nothing was changed");
		}
		if (changed.getRevision() < 0) {
			throw new IllegalArgumentException("A service revision is at least 0, not " + changed.getRevision());
		}
		if (changed.getWhitelistAccountIds().size() > MAX_WHITELIST
				|| changed.getPackageVersions().size() > MAX_ASSOCIATIONS) {
			throw new IllegalArgumentException("Service " + serviceId + " names more than " + MAX_WHITELIST
					+ " whitelisted accounts or " + MAX_ASSOCIATIONS + " package versions");
		}
		List<String> whitelist = new ArrayList<>();
		for (String account : changed.getWhitelistAccountIds()) {
			whitelist.add(id(account, "whitelistAccountIds[]"));
		}
		boolean active = changed.getStatus() == ServiceStatus.ACTIVE;
		List<ServiceRecord.PackageVersionRef> versions = new ArrayList<>();
		for (PackageVersionRef ref : changed.getPackageVersions()) {
			String version = ref.getVersion();
			if (version == null || !VERSION.matcher(version).matches()) {
				throw new IllegalArgumentException(
						"A package version is 'draft' or a number, not " + abbreviate(version));
			}
			ServiceRecord.PackageVersionRef named = new ServiceRecord.PackageVersionRef(
					id(ref.getPackageId(), "packageVersions[].packageId"), version);
			if (active && !versions.contains(named)) {
				versions.add(named);
			}
		}
		return new ServiceRecord(serviceId, id(changed.getOwnerAccountId(), "ownerAccountId"),
				changed.getVisibility().name(), List.copyOf(whitelist), List.copyOf(versions), active,
				changed.getRevision(), changed.getChangedAt());
	}

	private static String id(@Nullable String value, String field) {
		if (value == null || !ID.matcher(value).matches()) {
			throw new IllegalArgumentException(field + " is not a valid ID: " + abbreviate(value));
		}
		return value;
	}

	private static String abbreviate(@Nullable String value) {
		if (value == null) {
			return "null";
		}
		return (value.length() > 40) ? "'" + value.substring(0, 40) + "…'" : "'" + value + "'";
	}

}
