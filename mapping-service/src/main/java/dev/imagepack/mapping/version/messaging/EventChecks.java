package dev.imagepack.mapping.version.messaging;

import dev.imagepack.events.ImageContent;
import dev.imagepack.mapping.version.ImageKind;
import dev.imagepack.mapping.version.ImageSource;
import dev.imagepack.platform.messaging.EventFields;

/**
 * Checks of the fields of consumed events that only mapping-service reads; the others are
 * in {@link EventFields}. A field that breaks a rule throws
 * {@link IllegalArgumentException}, which sends the event to the dead-letter topic with
 * the message as its reason.
 */
final class EventChecks {

	private EventChecks() {
	}

	static ImageSource source(ImageContent content) {
		String sourceRegion = EventFields.region(content.getSourceRegion());
		return switch (content.getImageType()) {
			case CUSTOM -> new ImageSource(ImageKind.CUSTOM, sourceRegion,
					EventFields.id(content.getSourceImageId(), "sourceImageId of a CUSTOM image"));
			case MARKETPLACE -> new ImageSource(ImageKind.MARKETPLACE, sourceRegion, null);
			default -> throw new IllegalArgumentException("Unknown image type " + content.getImageType());
		};
	}

}
