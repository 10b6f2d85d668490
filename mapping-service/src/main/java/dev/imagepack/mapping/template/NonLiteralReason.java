package dev.imagepack.mapping.template;

/**
 * Why an image property is not a static string literal, and so cannot be associated with
 * a deployment package.
 */
public enum NonLiteralReason {

	/** ROS: the value is {@code Ref: …} or {@code {"Ref": …}}. */
	REF("ref", "it refers to a parameter or resource (Ref)"),

	/** ROS: the value is {@code Fn::FindInMap}. */
	FIND_IN_MAP("find-in-map", "it is looked up in a mapping (Fn::FindInMap)"),

	/** ROS: the value is {@code Fn::If}. */
	IF("if", "it depends on a condition (Fn::If)"),

	/** ROS: the value is {@code Fn::Sub}. */
	SUB("sub", "it is built by substitution (Fn::Sub)"),

	/** ROS: the value is another {@code Fn::} function. */
	FUNCTION("function", "it is computed by a function"),

	/** ROS YAML: the value carries a short-form tag such as {@code !Ref}. */
	SHORT_FORM_TAG("short-form-tag", "it is a short-form function tag"),

	/** ROS YAML: the value is a block scalar ({@code |} or {@code >}). */
	BLOCK_SCALAR("block-scalar", "it is a block scalar; write the image as a plain or quoted scalar"),

	/** Terraform: the value refers to an input variable. */
	VARIABLE("variable", "it refers to an input variable (var.)"),

	/** Terraform: the value refers to a local value. */
	LOCAL("local", "it refers to a local value (local.)"),

	/** Terraform: the value refers to a data source. */
	DATA("data", "it refers to a data source (data.)"),

	/** Terraform: the value refers to a module output. */
	MODULE("module", "it refers to a module output (module.)"),

	/** Terraform: the value is a function call. */
	FUNCTION_CALL("function-call", "it is a function call"),

	/** Terraform: the value is a conditional expression. */
	CONDITIONAL("conditional", "it is a conditional expression"),

	/** Terraform: the value is a string with {@code ${…}} or {@code %{…}} in it. */
	INTERPOLATION("interpolation", "it is a string template with interpolation"),

	/** Terraform: the value is a heredoc. */
	HEREDOC("heredoc", "it is a heredoc; write the image as a quoted string"),

	/** Terraform: any other expression, such as a reference to another resource. */
	EXPRESSION("expression", "it is an expression"),

	/** The value is a number, a boolean, null, a list or a map, not a string. */
	NOT_A_STRING("not-a-string", "it is not a string");

	private final String code;

	private final String description;

	NonLiteralReason(String code, String description) {
		this.code = code;
		this.description = description;
	}

	/**
	 * A stable, kebab-case name for the reason, fit for an API.
	 * @return the code
	 */
	public String code() {
		return this.code;
	}

	/**
	 * Why the value cannot be associated, as a clause.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

}
