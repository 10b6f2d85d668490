package dev.imagepack.mapping.template;

import org.jspecify.annotations.Nullable;

/**
 * An image property found in a template: where it is, and either its literal value or why
 * it has none.
 *
 * @param file the name of the file that holds it
 * @param resourceType the resource type, such as {@code ALIYUN::ECS::Instance} or
 * {@code alicloud_instance}, or {@code module} for a Terraform module call
 * @param resourceName the resource's logical name or the module's name
 * @param path a JSON pointer (ROS, Terraform JSON) or an HCL address (Terraform) to the
 * value
 * @param line the 1-based line where the value starts
 * @param column the 1-based column, in characters, where the value starts
 * @param literal the value, if it is a static string literal
 * @param reason why it is not a literal, if it is not
 * @param expression the source text of a value that is not a literal, shortened if long
 * @param inScope whether the property is an image property that association and rendering
 * act on; one on another resource type is reported as ignored and never rewritten
 */
public record ImageProperty(String file, String resourceType, String resourceName, String path, int line, int column,
		@Nullable String literal, @Nullable NonLiteralReason reason, @Nullable String expression, boolean inScope) {

	/**
	 * Whether the value is a static string literal.
	 * @return true for a literal
	 */
	public boolean isLiteral() {
		return this.literal != null;
	}

	/**
	 * Where the value is, as {@code file:line:column}.
	 * @return the location
	 */
	public String location() {
		return this.file + ":" + this.line + ":" + this.column;
	}

	/**
	 * A sentence naming the property and its problem, for a property that is not a
	 * literal.
	 * @return the explanation
	 */
	public String explanation() {
		String where = this.resourceType + " " + this.resourceName + " at " + this.location() + " (" + this.path + ")";
		if (this.reason == null) {
			return where + " is the literal '" + this.literal + "'";
		}
		return where + " is not a static string literal: " + this.reason.description()
				+ ((this.expression != null) ? ": " + this.expression : "");
	}

}
