package dev.imagepack.mapping.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The round-trip property: rendering a template and then substituting each original
 * literal back gives the input, byte for byte.
 */
final class RoundTrip {

	/** Resolves package {@code pkg-<n>} to image {@code m-rt<n>x}, in any region. */
	static final ImageResolver RESOLVER = (packageId, version, region, accountId) -> Resolution
		.image(imageOf(packageId));

	private RoundTrip() {
	}

	static String imageOf(String packageId) {
		return "m-rt" + packageId.substring(packageId.indexOf('-') + 1) + "x";
	}

	/**
	 * Associates each distinct literal with its own package, {@code pkg-0},
	 * {@code pkg-1}, ...
	 */
	static Map<String, ImageAssociation> associateEveryLiteral(ValidationReport report) {
		Map<String, ImageAssociation> associations = new LinkedHashMap<>();
		for (String literal : report.literals()) {
			associations.put(literal, new ImageAssociation("pkg-" + associations.size(), "1"));
		}
		return associations;
	}

	/**
	 * Renders a template with every literal associated, then renders the output with each
	 * image associated back to its literal, and checks the result is the input.
	 * @return the rendered template, for further checks
	 */
	static RenderedTemplate assertRoundTrip(TemplateEngine engine, Template template) {
		ValidationReport report = engine.validate(template);
		if (!report.nonLiterals().isEmpty()) {
			return new RenderedTemplate(template.files(), List.of());
		}
		Map<String, ImageAssociation> associations = associateEveryLiteral(report);
		RenderedTemplate rendered = engine.render(template, associations, "cn-hangzhou", "1234", RESOLVER);
		Map<String, String> back = new LinkedHashMap<>();
		Map<String, ImageAssociation> backAssociations = new LinkedHashMap<>();
		associations.forEach((literal, association) -> {
			back.put(association.packageId(), literal);
			backAssociations.put(imageOf(association.packageId()), association);
		});
		Template output = new Template(rendered.files());
		RenderedTemplate restored = engine.render(output, backAssociations, "cn-hangzhou", "1234",
				(packageId, version, region, accountId) -> Resolution.image(back.get(packageId)));
		assertThat(restored.files()).extracting(TemplateFile::text)
			.containsExactlyElementsOf(template.files().stream().map(TemplateFile::text).toList());
		return rendered;
	}

}
