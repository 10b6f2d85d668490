package dev.imagepack.mapping.template;

import java.util.List;

/**
 * Finds the image properties of one template file, with the positions of their values,
 * without changing or re-serialising anything.
 */
interface TemplateScanner {

	/**
	 * Scans a file.
	 * @param file the file
	 * @return the image properties, in the order of the text
	 * @throws TemplateSyntaxException if the file is not well-formed
	 */
	List<Occurrence> scan(TemplateFile file);

}
