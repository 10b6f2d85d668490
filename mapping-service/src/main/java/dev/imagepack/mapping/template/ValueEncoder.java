package dev.imagepack.mapping.template;

/**
 * Writes a string value as source text in the notation and quoting style of the value it
 * replaces.
 */
@FunctionalInterface
interface ValueEncoder {

	/**
	 * The source text for a value.
	 * @param value the value
	 * @return the text to put in place of the old value's text
	 */
	String encode(String value);

}
