package dev.imagepack.mapping.template;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A template to validate, associate or render: one ROS file, or the files of one
 * Terraform module.
 *
 * @param files the files, in the order they were given
 */
public record Template(List<TemplateFile> files) {

	/**
	 * Checks that the files form one template.
	 * @param files the files
	 * @throws TemplateSyntaxException if there are no files, a name repeats, or ROS and
	 * Terraform files are mixed or several ROS files are given
	 */
	public Template {
		files = List.copyOf(files);
		if (files.isEmpty()) {
			throw new TemplateSyntaxException("template", "A template needs at least one file");
		}
		Set<String> names = new HashSet<>();
		for (TemplateFile file : files) {
			if (!names.add(file.name())) {
				throw new TemplateSyntaxException(file.name(), "The file name " + file.name() + " is given twice");
			}
		}
		boolean terraform = files.get(0).format().isTerraform();
		for (TemplateFile file : files) {
			if (file.format().isTerraform() != terraform) {
				throw new TemplateSyntaxException(file.name(),
						"A template is either one ROS file or Terraform files, not both");
			}
		}
		if (!terraform && files.size() > 1) {
			throw new TemplateSyntaxException(files.get(1).name(), "A ROS template is a single file");
		}
	}

	/**
	 * A template of one file whose format follows from its name.
	 * @param name the file's name
	 * @param text the file's content
	 * @return the template
	 */
	public static Template of(String name, String text) {
		return new Template(List.of(TemplateFile.of(name, text)));
	}

	/**
	 * A template of several files whose formats follow from their names, in the map's
	 * iteration order.
	 * @param files file name to content
	 * @return the template
	 */
	public static Template of(Map<String, String> files) {
		List<TemplateFile> list = new ArrayList<>();
		files.forEach((name, text) -> list.add(TemplateFile.of(name, text)));
		return new Template(list);
	}

	/**
	 * Whether this is a Terraform module rather than a ROS template.
	 * @return true for Terraform
	 */
	public boolean isTerraform() {
		return this.files.get(0).format().isTerraform();
	}

}
