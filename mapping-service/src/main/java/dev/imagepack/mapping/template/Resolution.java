package dev.imagepack.mapping.template;

import java.util.Map;

/**
 * The answer of an {@link ImageResolver}: an image ID, or a refusal with a problem-like
 * reason.
 */
public sealed interface Resolution {

	/**
	 * A resolution to an image.
	 * @param imageId the regional image ID
	 * @return the resolution
	 */
	static Resolution image(String imageId) {
		return new Image(imageId);
	}

	/**
	 * A refusal.
	 * @param code a stable kebab-case name of the reason, such as
	 * {@code region-not-distributed}
	 * @param message what is wrong, for a person
	 * @return the resolution
	 */
	static Resolution refused(String code, String message) {
		return new Refused(code, message, Map.of());
	}

	/**
	 * A refusal with the facts behind it.
	 * @param code a stable kebab-case name of the reason, such as
	 * {@code region-not-distributed}
	 * @param message what is wrong, for a person
	 * @param details facts a client can act on, such as the progress of a copy or the
	 * regions where the version can be used
	 * @return the resolution
	 */
	static Resolution refused(String code, String message, Map<String, Object> details) {
		return new Refused(code, message, details);
	}

	/**
	 * The package version has this image in the region.
	 *
	 * @param imageId the regional image ID
	 */
	record Image(String imageId) implements Resolution {

		/**
		 * Checks that the ID is not blank.
		 * @param imageId the regional image ID
		 */
		public Image {
			if (imageId.isBlank()) {
				throw new IllegalArgumentException("An image ID is not blank");
			}
		}

	}

	/**
	 * The package version has no image for this caller in the region.
	 *
	 * @param code a stable kebab-case name of the reason
	 * @param message what is wrong, for a person
	 * @param details facts a client can act on; empty if there are none
	 */
	record Refused(String code, String message, Map<String, Object> details) implements Resolution {

		/**
		 * Copies the details.
		 * @param code a stable kebab-case name of the reason
		 * @param message what is wrong, for a person
		 * @param details facts a client can act on
		 */
		public Refused {
			details = Map.copyOf(details);
		}

	}

}
