package dev.imagepack.mapping.version.messaging;

import dev.imagepack.events.ImageContent;
import dev.imagepack.events.ImageType;
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
		EventFields.imageContent(content);
		return (content.getImageType() == ImageType.CUSTOM)
				? new ImageSource(ImageKind.CUSTOM, content.getSourceRegion(), content.getSourceImageId())
				: new ImageSource(ImageKind.MARKETPLACE, content.getSourceRegion(), null);
	}

}
