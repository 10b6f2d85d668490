package dev.imagepack.mapping.template.web;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The JSON request bodies of the template API. Every field may be missing or wrong in
 * what a client sends; {@link TemplateInput} checks them all before the engine sees them.
 */
final class TemplateRequests {

	private TemplateRequests() {
	}

	/**
	 * A template with its associations: either one file as {@code template}, or named
	 * files as {@code files}.
	 *
	 * @param format {@code ROS_YAML}, {@code ROS_JSON}, {@code TERRAFORM_HCL} or
	 * {@code TERRAFORM_JSON}; if absent, each file's name announces its format, and a
	 * lone {@code template} is read as ROS JSON if it starts with a brace and as ROS YAML
	 * otherwise
	 * @param template the text of a template of one file, named {@code template}
	 * @param files file name to text, for a template of one or more named files
	 * @param associations literal to package version; ignored by validate
	 */
	record TemplateRequest(@Nullable String format, @Nullable String template,
			@Nullable Map<String, @Nullable String> files, @Nullable List<@Nullable AssociationRequest> associations) {
	}

	/**
	 * One literal of the template and the package version whose image replaces it.
	 *
	 * @param literal the literal as the template holds it
	 * @param packageId the deployment package, such as {@code pkg-3f9a1c}
	 * @param version {@code draft} or a version number from 1
	 */
	record AssociationRequest(@Nullable String literal, @Nullable String packageId, @Nullable String version) {
	}

}
