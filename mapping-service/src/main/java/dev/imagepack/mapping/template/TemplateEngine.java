package dev.imagepack.mapping.template;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.imagepack.mapping.template.ImageNotResolvedException.Unresolved;
import dev.imagepack.mapping.template.TemplateNotAssociableException.Offender;

/**
 * Validates, associates and renders ROS and Terraform templates. Each operation parses
 * every file once with a parser that keeps positions; rendering then replaces only the
 * spans of associated literals, in the quoting style each had, so every other byte of the
 * template stays as it was.
 */
public class TemplateEngine {

	/** The most image properties one template may hold. */
	static final int MAX_IMAGE_PROPERTIES = 1_000;

	private final Map<TemplateFormat, TemplateScanner> scanners = Map.of(TemplateFormat.ROS_YAML, new RosYamlScanner(),
			TemplateFormat.ROS_JSON, new RosJsonScanner(), TemplateFormat.TERRAFORM_HCL, new TerraformHclScanner(),
			TemplateFormat.TERRAFORM_JSON, new TerraformJsonScanner());

	/**
	 * Finds every image property, in scope or ignored, with its location and either its
	 * literal value or why it has none.
	 * @param template the template
	 * @return the report
	 * @throws TemplateSyntaxException if a file is not well-formed
	 */
	public ValidationReport validate(Template template) {
		return report(scan(template));
	}

	/**
	 * Checks that a template can be associated: every in-scope image property is a static
	 * literal, and every associated literal is the value of one of them. Writes nothing.
	 * @param template the template
	 * @param associations literal to package version
	 * @return the validation report of the template
	 * @throws TemplateNotAssociableException naming every offender, if not
	 * @throws TemplateSyntaxException if a file is not well-formed
	 */
	public ValidationReport associate(Template template, Map<String, ImageAssociation> associations) {
		ValidationReport report = report(scan(template));
		checkAssociations(report, associations);
		return report;
	}

	/**
	 * Renders a template for a region: every associated literal is replaced by the image
	 * its package version has there for the caller, and nothing else changes. All or
	 * nothing: if one literal cannot be resolved, nothing is rendered.
	 * @param template the template
	 * @param associations literal to package version
	 * @param region the target region
	 * @param accountId the caller's account
	 * @param resolver the lookup of images
	 * @return the rendered files and what was replaced
	 * @throws TemplateNotAssociableException if the template cannot be associated
	 * @throws ImageNotResolvedException naming every literal without an image
	 * @throws TemplateSyntaxException if a file is not well-formed
	 */
	public RenderedTemplate render(Template template, Map<String, ImageAssociation> associations, String region,
			String accountId, ImageResolver resolver) {
		List<ScannedFile> scanned = scan(template);
		ValidationReport report = report(scanned);
		checkAssociations(report, associations);

		Map<String, String> images = resolve(report, associations, region, accountId, resolver);

		List<TemplateFile> files = new ArrayList<>(scanned.size());
		List<Substitution> substitutions = new ArrayList<>();
		for (ScannedFile file : scanned) {
			files.add(file.file().withText(substitute(file, images, substitutions)));
		}
		return new RenderedTemplate(files, substitutions);
	}

	private List<ScannedFile> scan(Template template) {
		List<ScannedFile> scanned = new ArrayList<>(template.files().size());
		int properties = 0;
		for (TemplateFile file : template.files()) {
			List<Occurrence> found = this.scanners.get(file.format()).scan(file);
			properties += found.size();
			if (properties > MAX_IMAGE_PROPERTIES) {
				// A report of every one would be many times the template's size.
				throw new TemplateSyntaxException(file.name(),
						"The template holds more than " + MAX_IMAGE_PROPERTIES + " image properties; split it");
			}
			scanned.add(new ScannedFile(file, found));
		}
		return scanned;
	}

	private static ValidationReport report(List<ScannedFile> scanned) {
		List<ImageProperty> properties = new ArrayList<>();
		for (ScannedFile file : scanned) {
			for (Occurrence occurrence : file.occurrences()) {
				properties.add(occurrence.property());
			}
		}
		return new ValidationReport(properties);
	}

	private static void checkAssociations(ValidationReport report, Map<String, ImageAssociation> associations) {
		List<Offender> offenders = new ArrayList<>();
		for (ImageProperty property : report.nonLiterals()) {
			offenders.add(Offender.notLiteral(property));
		}
		for (String literal : associations.keySet()) {
			if (!report.literals().contains(literal)) {
				offenders.add(Offender.notFound(literal));
			}
		}
		if (!offenders.isEmpty()) {
			throw new TemplateNotAssociableException(offenders);
		}
	}

	private static Map<String, String> resolve(ValidationReport report, Map<String, ImageAssociation> associations,
			String region, String accountId, ImageResolver resolver) {
		Map<String, String> images = new LinkedHashMap<>();
		List<Unresolved> unresolved = new ArrayList<>();
		for (String literal : report.literals()) {
			ImageAssociation association = associations.get(literal);
			if (association == null) {
				continue;
			}
			Resolution resolution = resolver.resolve(association.packageId(), association.version(), region, accountId);
			if (resolution instanceof Resolution.Image image) {
				images.put(literal, image.imageId());
			}
			else if (resolution instanceof Resolution.Refused refused) {
				unresolved.add(new Unresolved(literal, association.packageId(), association.version(), refused.code(),
						refused.message(), refused.details()));
			}
		}
		if (!unresolved.isEmpty()) {
			throw new ImageNotResolvedException(region, unresolved);
		}
		return images;
	}

	private static String substitute(ScannedFile scanned, Map<String, String> images,
			List<Substitution> substitutions) {
		List<Occurrence> targets = new ArrayList<>();
		for (Occurrence occurrence : scanned.occurrences()) {
			String literal = occurrence.property().literal();
			if (occurrence.property().inScope() && literal != null && images.containsKey(literal)) {
				targets.add(occurrence);
				substitutions.add(new Substitution(occurrence.property(), images.get(literal)));
			}
		}
		if (targets.isEmpty()) {
			return scanned.file().text();
		}
		targets.sort(Comparator.comparingInt(Occurrence::start));
		String text = scanned.file().text();
		StringBuilder rendered = new StringBuilder(text.length() + 64 * targets.size());
		int cursor = 0;
		for (Occurrence target : targets) {
			if (target.start() < cursor) {
				// An alias and its anchor share one span, which is written once.
				continue;
			}
			String literal = target.property().literal();
			String image = images.get(literal);
			rendered.append(text, cursor, target.start());
			if (image.equals(literal) || target.encoder() == null) {
				rendered.append(text, target.start(), target.end());
			}
			else {
				rendered.append(target.encoder().encode(image));
			}
			cursor = target.end();
		}
		return rendered.append(text, cursor, text.length()).toString();
	}

	/**
	 * A file and the image properties found in it.
	 *
	 * @param file the file
	 * @param occurrences its image properties
	 */
	private record ScannedFile(TemplateFile file, List<Occurrence> occurrences) {

	}

}
