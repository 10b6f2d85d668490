package dev.imagepack.replication.job.messaging;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import dev.imagepack.events.ImageContent;
import dev.imagepack.events.ImageType;
import dev.imagepack.events.PackageDeleted;
import dev.imagepack.events.VersionDeleted;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.VersionRetryRequested;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.platform.messaging.EventFields;
import dev.imagepack.platform.messaging.EventMessages;
import dev.imagepack.replication.job.ReplicationJobs;
import dev.imagepack.replication.job.SourceImage;

/**
 * Reads {@code package-events}: a published version queues its regions, a retry request
 * queues its failed regions again, and a deleted version or package removes its copies.
 * An event that cannot describe a job is refused, which sends it to the dead-letter topic
 * with the reason.
 */
@Configuration(proxyBeanMethods = false)
class PackageEventHandlers {

	private static final Logger logger = LoggerFactory.getLogger(PackageEventHandlers.class);

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

	@Bean
	Consumer<Message<SpecificRecord>> replicatePackageVersions(ReplicationJobs jobs) {
		return (message) -> {
			CloudEventAttributes attributes = EventMessages.attributesOf(message.getHeaders());
			SpecificRecord payload = EventMessages.eventOf(message);
			if (payload instanceof VersionPublished published) {
				jobs.queueVersion(id(published.getPackageId(), "packageId"), published.getOwnerAccountId(),
						versionNumber(published.getVersionNumber()), EventFields.regions(published.getRegions()),
						source(published.getContent()));
			}
			else if (payload instanceof VersionRetryRequested retry) {
				jobs.retryRegions(attributes.id(), id(retry.getPackageId(), "packageId"),
						versionNumber(retry.getVersionNumber()), EventFields.regions(retry.getRegions()));
			}
			else if (payload instanceof VersionDeleted deleted) {
				// A deleted draft was never replicated.
				if (deleted.getVersionNumber() != null) {
					jobs.removeVersion(id(deleted.getPackageId(), "packageId"),
							versionNumber(deleted.getVersionNumber()));
				}
			}
			else if (payload instanceof PackageDeleted deleted) {
				jobs.removePackage(id(deleted.getPackageId(), "packageId"));
			}
			else {
				logger.atDebug().addKeyValue("type", attributes.type()).log("Event of no concern skipped");
			}
		};
	}

	private static SourceImage source(ImageContent content) {
		EventFields.imageContent(content);
		return (content.getImageType() == ImageType.CUSTOM)
				? new SourceImage(SourceImage.Kind.CUSTOM, content.getSourceRegion(), content.getSourceImageId(), null,
						content.getImageSizeGib())
				: new SourceImage(SourceImage.Kind.MARKETPLACE, content.getSourceRegion(), null,
						content.getMarketplaceProductCode(), content.getImageSizeGib());
	}

	private static String id(String value, String field) {
		if (!ID.matcher(value).matches()) {
			throw new IllegalArgumentException(field + " is not a valid ID: " + abbreviate(value));
		}
		return value;
	}

	private static int versionNumber(int number) {
		if (number < 1) {
			throw new IllegalArgumentException("A published version number is at least 1, not " + number);
		}
		return number;
	}

	private static String abbreviate(String value) {
		return (value.length() <= 80) ? "'" + value + "'" : "'" + value.substring(0, 80) + "…'";
	}

}
