package dev.imagepack.mapping.template;

/**
 * Builds RFC 6901 JSON pointers.
 */
final class JsonPointers {

	private JsonPointers() {
	}

	static String escape(String token) {
		return token.replace("~", "~0").replace("/", "~1");
	}

}
