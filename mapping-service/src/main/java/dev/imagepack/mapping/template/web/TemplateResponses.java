package dev.imagepack.mapping.template.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.imagepack.mapping.template.ImageProperty;
import dev.imagepack.mapping.template.PropertyReport;
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
	record ValidationResponse(boolean associable, List<String> literals, List<PropertyReport> properties,
			List<PropertyReport> ignored) {

		static ValidationResponse of(ValidationReport report) {
			return new ValidationResponse(report.nonLiterals().isEmpty(), List.copyOf(report.literals()),
					report.inScope().stream().map(PropertyReport::of).toList(),
					report.ignored().stream().map(PropertyReport::of).toList());
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
