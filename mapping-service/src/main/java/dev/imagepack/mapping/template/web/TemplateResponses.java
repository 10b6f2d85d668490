package dev.imagepack.mapping.template.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.imagepack.mapping.template.ImageProperty;
import dev.imagepack.mapping.template.NonLiteralReason;
import dev.imagepack.mapping.template.RenderedTemplate;
import dev.imagepack.mapping.template.Substitution;
import dev.imagepack.mapping.template.TemplateFile;
import dev.imagepack.mapping.template.ValidationReport;

/**
 * What the template API answers.
 */
final class TemplateResponses {

	private TemplateResponses() {
	}

	/**
	 * What validation found.
	 *
	 * @param associable whether every in-scope image property is a static literal
	 * @param literals the distinct literals that can be associated, in order of
	 * appearance
	 * @param properties the in-scope image properties, in the order of the files and of
	 * their text
	 * @param ignored image-like properties of resource types out of scope, never
	 * rewritten
	 */
	record ValidationResponse(boolean associable, List<String> literals, List<PropertyResponse> properties,
			List<PropertyResponse> ignored) {

		static ValidationResponse of(ValidationReport report) {
			return new ValidationResponse(report.nonLiterals().isEmpty(), List.copyOf(report.literals()),
					report.inScope().stream().map(PropertyResponse::of).toList(),
					report.ignored().stream().map(PropertyResponse::of).toList());
		}

	}

	/**
	 * One image property.
	 *
	 * @param file the file that holds it
	 * @param resourceType the resource type, or {@code module} for a Terraform module
	 * call
	 * @param resourceName the resource's or module's name
	 * @param path a JSON pointer (ROS, Terraform JSON) or an HCL address to the value
	 * @param line the 1-based line where the value starts
	 * @param column the 1-based column, in characters, where the value starts
	 * @param location {@code file:line:column}
	 * @param literal the value if it is a static string literal
	 * @param reason why it is not a literal, as a stable code such as {@code ref}
	 * @param explanation why it is not a literal, for a person
	 * @param expression the source text of a value that is not a literal, shortened if
	 * long
	 */
	record PropertyResponse(String file, String resourceType, String resourceName, String path, int line, int column,
			String location, @Nullable String literal, @Nullable String reason, @Nullable String explanation,
			@Nullable String expression) {

		static PropertyResponse of(ImageProperty property) {
			NonLiteralReason reason = property.reason();
			return new PropertyResponse(property.file(), property.resourceType(), property.resourceName(),
					property.path(), property.line(), property.column(), property.location(), property.literal(),
					(reason != null) ? reason.code() : null, (reason != null) ? property.explanation() : null,
					property.expression());
		}

	}

	/**
	 * A template rendered for a region.
	 *
	 * @param region the target region
	 * @param files file name to rendered text, in the template's order
	 * @param substitutions every value that was replaced
	 */
	record RenderResponse(String region, Map<String, String> files, List<SubstitutionResponse> substitutions) {

		static RenderResponse of(String region, RenderedTemplate rendered) {
			Map<String, String> files = new LinkedHashMap<>();
			for (TemplateFile file : rendered.files()) {
				files.put(file.name(), file.text());
			}
			return new RenderResponse(region, files,
					rendered.substitutions().stream().map(SubstitutionResponse::of).toList());
		}

	}

	/**
	 * One replaced value.
	 *
	 * @param file the file
	 * @param path the JSON pointer or HCL address of the value
	 * @param line the 1-based line of the value in the template as sent
	 * @param column the 1-based column of the value in the template as sent
	 * @param literal the literal that was replaced
	 * @param imageId the regional image ID that replaced it
	 */
	record SubstitutionResponse(String file, String path, int line, int column, String literal, String imageId) {

		static SubstitutionResponse of(Substitution substitution) {
			ImageProperty property = substitution.property();
			return new SubstitutionResponse(property.file(), property.path(), property.line(), property.column(),
					String.valueOf(property.literal()), substitution.imageId());
		}

	}

}
