package dev.imagepack.mapping.template;

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
		return new Refused(code, message);
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
	 */
	record Refused(String code, String message) implements Resolution {

	}

}
