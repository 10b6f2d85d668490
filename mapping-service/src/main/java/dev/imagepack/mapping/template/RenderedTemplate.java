package dev.imagepack.mapping.template;

import java.util.List;

/**
 * A template rendered for a region: the files with every associated literal replaced, and
 * what was replaced.
 *
 * @param files the files, in the template's order; byte for byte the input except the
 * replaced values
 * @param substitutions the replaced values, in the order of the files and of their text
 */
public record RenderedTemplate(List<TemplateFile> files, List<Substitution> substitutions) {

	/**
	 * Copies the lists.
	 * @param files the files
	 * @param substitutions the replaced values
	 */
	public RenderedTemplate {
		files = List.copyOf(files);
		substitutions = List.copyOf(substitutions);
	}

}
