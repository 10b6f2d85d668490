package dev.imagepack.mapping.template;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What validating a template found: every image property, in the order of the files and
 * of their text.
 *
 * @param properties the image properties, in scope and ignored
 */
public record ValidationReport(List<ImageProperty> properties) {

	/**
	 * Copies the list.
	 * @param properties the image properties
	 */
	public ValidationReport {
		properties = List.copyOf(properties);
	}

	/**
	 * The image properties that association and rendering act on.
	 * @return the in-scope properties
	 */
	public List<ImageProperty> inScope() {
		return this.properties.stream().filter(ImageProperty::inScope).toList();
	}

	/**
	 * Image-like properties of resource types out of scope: reported, never rewritten.
	 * @return the ignored properties
	 */
	public List<ImageProperty> ignored() {
		return this.properties.stream().filter((property) -> !property.inScope()).toList();
	}

	/**
	 * The in-scope properties whose value is not a static literal.
	 * @return the offenders, empty if the template can be associated
	 */
	public List<ImageProperty> nonLiterals() {
		return inScope().stream().filter((property) -> !property.isLiteral()).toList();
	}

	/**
	 * The distinct literal values of the in-scope properties, in order of appearance.
	 * @return the literals
	 */
	public Set<String> literals() {
		Set<String> literals = new LinkedHashSet<>();
		for (ImageProperty property : inScope()) {
			if (property.literal() != null) {
				literals.add(property.literal());
			}
		}
		return literals;
	}

	/**
	 * Whether the template has nothing to substitute: no in-scope image property at all.
	 * @return true if there is nothing to substitute
	 */
	public boolean isNothingToSubstitute() {
		return inScope().isEmpty();
	}

}
