package dev.imagepack.mapping.template;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * Rendering produced nothing because at least one associated literal has no image for the
 * caller in the target region. Every literal that failed is named with the lookup's
 * reason.
 */
public class ImageNotResolvedException extends ApiProblem {

	private final List<Unresolved> unresolved;

	/**
	 * Creates the refusal.
	 * @param region the target region
	 * @param unresolved the literals that could not be resolved, at least one
	 */
	public ImageNotResolvedException(String region, List<Unresolved> unresolved) {
		super("image-not-resolved", "Image not available", 422, detail(region, unresolved),
				Map.of("region", region, "unresolved", List.copyOf(unresolved)));
		this.unresolved = List.copyOf(unresolved);
	}

	private static String detail(String region, List<Unresolved> unresolved) {
		return "Nothing was rendered for " + region + ": "
				+ unresolved.stream()
					.map((entry) -> "'" + entry.literal() + "' (package " + entry.packageId() + " version "
							+ entry.version() + "): " + entry.message())
					.collect(Collectors.joining("; "));
	}

	/**
	 * The literals that could not be resolved.
	 * @return the unresolved literals
	 */
	public List<Unresolved> unresolved() {
		return this.unresolved;
	}

	/**
	 * One associated literal without an image.
	 *
	 * @param literal the literal in the template
	 * @param packageId the package it is associated with
	 * @param version the version it is associated with
	 * @param code the lookup's reason code
	 * @param message the lookup's explanation
	 * @param details the facts the lookup gave with its reason, such as {@code percent}
	 * or {@code usableRegions}; empty if none
	 */
	public record Unresolved(String literal, String packageId, String version, String code, String message,
			Map<String, Object> details) {

		/**
		 * Copies the details.
		 * @param literal the literal in the template
		 * @param packageId the package it is associated with
		 * @param version the version it is associated with
		 * @param code the lookup's reason code
		 * @param message the lookup's explanation
		 * @param details the facts the lookup gave with its reason
		 */
		public Unresolved {
			details = Map.copyOf(details);
		}

	}

}
