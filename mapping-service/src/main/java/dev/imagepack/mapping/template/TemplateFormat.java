package dev.imagepack.mapping.template;

import java.util.Locale;

/**
 * The notations a template file can be written in.
 */
public enum TemplateFormat {

	/** A ROS template in YAML. */
	ROS_YAML(false),

	/** A ROS template in JSON. */
	ROS_JSON(false),

	/** A Terraform configuration file in HCL native syntax ({@code .tf}). */
	TERRAFORM_HCL(true),

	/** A Terraform configuration file in JSON syntax ({@code .tf.json}). */
	TERRAFORM_JSON(true);

	private final boolean terraform;

	TemplateFormat(boolean terraform) {
		this.terraform = terraform;
	}

	/**
	 * Whether files in this format belong to a Terraform module rather than a ROS
	 * template.
	 * @return true for Terraform
	 */
	public boolean isTerraform() {
		return this.terraform;
	}

	/**
	 * The format a file's name announces: {@code .tf}, {@code .tf.json}, {@code .json},
	 * {@code .yaml}, {@code .yml} or {@code .template}; a name without a known extension
	 * is read as ROS, in JSON if its text starts with a brace and in YAML otherwise.
	 * @param fileName the file's name
	 * @param text the file's content
	 * @return the format
	 */
	public static TemplateFormat of(String fileName, String text) {
		String name = fileName.toLowerCase(Locale.ROOT);
		if (name.endsWith(".tf.json")) {
			return TERRAFORM_JSON;
		}
		if (name.endsWith(".tf")) {
			return TERRAFORM_HCL;
		}
		if (name.endsWith(".json")) {
			return ROS_JSON;
		}
		if (name.endsWith(".yaml") || name.endsWith(".yml")) {
			return ROS_YAML;
		}
		return text.stripLeading().startsWith("{") ? ROS_JSON : ROS_YAML;
	}

}
