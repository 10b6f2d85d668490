package dev.imagepack.mapping.template;

import org.jspecify.annotations.Nullable;

/**
 * One image property as the API reports it: in a validation report, and in a refusal to
 * associate a template.
 *
 * @param file the file that holds it
 * @param resourceType the resource type, or {@code module} for a Terraform module call
 * @param resourceName the resource's or module's name
 * @param path a JSON pointer (ROS, Terraform JSON) or an HCL address to the value
 * @param line the 1-based line where the value starts
 * @param column the 1-based column, in characters, where the value starts
 * @param location {@code file:line:column}
 * @param literal the value if it is a static string literal
 * @param reason why it is not a literal, as a stable code such as {@code ref}
 * @param explanation why it is not a literal, for a person
 * @param expression the source text of a value that is not a literal, shortened if long
 */
public record PropertyReport(String file, String resourceType, String resourceName, String path, int line, int column,
		String location, @Nullable String literal, @Nullable String reason, @Nullable String explanation,
		@Nullable String expression) {

	public static PropertyReport of(ImageProperty property) {
		NonLiteralReason reason = property.reason();
		return new PropertyReport(property.file(), property.resourceType(), property.resourceName(), property.path(),
				property.line(), property.column(), property.location(), property.literal(),
				(reason != null) ? reason.code() : null, (reason != null) ? property.explanation() : null,
				property.expression());
	}

}
