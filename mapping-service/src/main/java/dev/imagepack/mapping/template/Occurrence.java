package dev.imagepack.mapping.template;

import org.jspecify.annotations.Nullable;

/**
 * An image property as a scanner found it: the reported property, and for a literal the
 * span of text that holds it and how to write a new value there in the same style.
 *
 * @param property the property as reported
 * @param start the char index where the literal's text starts, quotes included
 * @param end the char index just after the literal's text
 * @param encoder how to write a new value in place of the literal; null if not a literal
 */
record Occurrence(ImageProperty property, int start, int end, @Nullable ValueEncoder encoder) {

	static Occurrence nonLiteral(ImageProperty property) {
		return new Occurrence(property, -1, -1, null);
	}

}
