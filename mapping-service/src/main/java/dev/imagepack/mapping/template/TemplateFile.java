package dev.imagepack.mapping.template;

/**
 * One file of a template, as text: a ROS template is one file, a Terraform module may be
 * several.
 *
 * @param name the file's name, used in every location reported for it
 * @param format the notation the file is written in
 * @param text the file's content, exactly as received
 */
public record TemplateFile(String name, TemplateFormat format, String text) {

	/**
	 * A file whose format follows from its name (see {@link TemplateFormat#of}).
	 * @param name the file's name
	 * @param text the file's content
	 * @return the file
	 */
	public static TemplateFile of(String name, String text) {
		return new TemplateFile(name, TemplateFormat.of(name, text), text);
	}

	TemplateFile withText(String newText) {
		return new TemplateFile(this.name, this.format, newText);
	}

}
