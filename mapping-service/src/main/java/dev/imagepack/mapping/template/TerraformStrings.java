package dev.imagepack.mapping.template;

import org.jspecify.annotations.Nullable;

/**
 * Terraform's string templates: whether a string interpolates, what a static one means,
 * and how to write a value back as a template and as an HCL quoted string.
 */
final class TerraformStrings {

	private TerraformStrings() {
	}

	/**
	 * Whether a template holds {@code ${…}} or {@code %{…}} that is not escaped as
	 * {@code $${} or {@code %%{}.
	 */
	static boolean interpolates(String template) {
		for (int i = 0; i < template.length() - 1; i++) {
			char c = template.charAt(i);
			if ((c == '$' || c == '%') && template.charAt(i + 1) == c && i + 2 < template.length()
					&& template.charAt(i + 2) == '{') {
				i += 2;
			}
			else if ((c == '$' || c == '%') && template.charAt(i + 1) == '{') {
				return true;
			}
		}
		return false;
	}

	/**
	 * The value of a template without interpolation: {@code $${} reads {@code ${} and
	 * {@code %%{} reads {@code %{}.
	 */
	static String unescapeTemplate(String template) {
		return template.replace("$${", "${").replace("%%{", "%{");
	}

	/** Writes a value as a template that reads back as the same value. */
	static String escapeTemplate(String value) {
		return value.replace("${", "$${").replace("%{", "%%{");
	}

	/**
	 * The value of an HCL quoted string without interpolation.
	 * @param text the source
	 * @param start the index of the opening quote
	 * @param end the index after the closing quote
	 * @return the value
	 */
	static String decodeQuoted(String text, int start, int end) {
		StringBuilder value = new StringBuilder(end - start);
		int i = start + 1;
		while (i < end - 1) {
			char c = text.charAt(i);
			if (c == '\\' && i + 1 < end - 1) {
				i = decodeEscape(text, i + 1, value);
			}
			else {
				value.append(c);
				i++;
			}
		}
		return unescapeTemplate(value.toString());
	}

	private static int decodeEscape(String text, int at, StringBuilder value) {
		char c = text.charAt(at);
		switch (c) {
			case 'n' -> value.append('\n');
			case 'r' -> value.append('\r');
			case 't' -> value.append('\t');
			case 'u', 'U' -> {
				int digits = (c == 'u') ? 4 : 8;
				value.appendCodePoint(Integer.parseInt(text.substring(at + 1, at + 1 + digits), 16));
				return at + 1 + digits;
			}
			default -> value.append(c);
		}
		return at + 1;
	}

	/**
	 * Writes a value as an HCL quoted string: its template sequences escaped, then the
	 * same escapes as a JSON string.
	 */
	static String quote(String value) {
		return JsonText.quote(escapeTemplate(value));
	}

	/** Writes a value as a Terraform JSON string, which is itself a template. */
	static String quoteJson(String value) {
		return JsonText.quote(escapeTemplate(value));
	}

	static @Nullable String literal(String template) {
		return interpolates(template) ? null : unescapeTemplate(template);
	}

}
