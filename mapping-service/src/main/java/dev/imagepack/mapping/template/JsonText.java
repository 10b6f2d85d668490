package dev.imagepack.mapping.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * A JSON document read with Jackson's streaming parser into values that know where their
 * text is: char offsets into the original string, line and column. Nothing is
 * re-serialised; the text stays the one source of bytes.
 */
final class JsonText {

	private static final JsonFactory FACTORY = JsonFactory.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private JsonText() {
	}

	/**
	 * Parses a document.
	 * @param file the file, for error messages
	 * @return the root value
	 * @throws TemplateSyntaxException if the text is not one well-formed JSON value
	 */
	static Value parse(TemplateFile file) {
		String text = file.text();
		// Jackson does not skip a byte order mark in a String; offsets are shifted past
		// it instead.
		int shift = text.startsWith("\uFEFF") ? 1 : 0;
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text.substring(shift))) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				throw new TemplateSyntaxException(file.name(), "The file is empty");
			}
			Value root = read(parser, text, shift);
			if (parser.nextToken() != null) {
				TokenStreamLocation location = parser.currentTokenLocation();
				throw new TemplateSyntaxException(file.name(), location.getLineNr(), location.getColumnNr(),
						"Not well-formed JSON: content after the document");
			}
			return root;
		}
		catch (JacksonException ex) {
			TokenStreamLocation location = ex.getLocation();
			int line = (location != null) ? Math.max(location.getLineNr(), 0) : 0;
			int column = (location != null) ? Math.max(location.getColumnNr(), 0) : 0;
			throw new TemplateSyntaxException(file.name(), line, column,
					"Not well-formed JSON: " + ex.getOriginalMessage());
		}
	}

	private static Value read(JsonParser parser, String text, int shift) {
		TokenStreamLocation location = parser.currentTokenLocation();
		int start = (int) location.getCharOffset() + shift;
		JsonToken token = parser.currentToken();
		if (token == JsonToken.START_OBJECT) {
			List<Member> members = new ArrayList<>();
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				members.add(new Member(name, read(parser, text, shift)));
			}
			int end = (int) parser.currentTokenLocation().getCharOffset() + shift + 1;
			return new Value(Kind.OBJECT, start, end, null, members, List.of());
		}
		if (token == JsonToken.START_ARRAY) {
			List<Value> items = new ArrayList<>();
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				items.add(read(parser, text, shift));
			}
			int end = (int) parser.currentTokenLocation().getCharOffset() + shift + 1;
			return new Value(Kind.ARRAY, start, end, null, List.of(), items);
		}
		if (token == JsonToken.VALUE_STRING) {
			return new Value(Kind.STRING, start, stringEnd(text, start), parser.getString(), List.of(), List.of());
		}
		return new Value(Kind.OTHER, start, start + parser.getString().length(), null, List.of(), List.of());
	}

	/**
	 * The index after the closing quote of the string literal that starts at an index.
	 */
	private static int stringEnd(String text, int start) {
		int i = start + 1;
		while (text.charAt(i) != '"') {
			i += (text.charAt(i) == '\\') ? 2 : 1;
		}
		return i + 1;
	}

	/**
	 * Writes a string as a JSON string literal, escaping only what JSON requires; other
	 * characters, non-ASCII ones included, stay as they are.
	 */
	static String quote(String value) {
		StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

	/** What a value is. */
	enum Kind {

		/** An object. */
		OBJECT,

		/** An array. */
		ARRAY,

		/** A string. */
		STRING,

		/** A number, a boolean or null. */
		OTHER

	}

	/**
	 * A property of an object.
	 *
	 * @param name the property's name
	 * @param value its value
	 */
	record Member(String name, Value value) {

	}

	/**
	 * A JSON value and where its text is.
	 *
	 * @param kind what it is
	 * @param start the char index where its text starts
	 * @param end the char index after its text
	 * @param string the value of a string
	 * @param members the properties of an object, in order
	 * @param items the items of an array
	 */
	record Value(Kind kind, int start, int end, @Nullable String string, List<Member> members, List<Value> items) {

		@Nullable Value get(String name) {
			for (Member member : this.members) {
				if (member.name().equals(name)) {
					return member.value();
				}
			}
			return null;
		}

		List<Member> membersNamed(String name) {
			List<Member> found = new ArrayList<>();
			for (Member member : this.members) {
				if (member.name().equals(name)) {
					found.add(member);
				}
			}
			return Collections.unmodifiableList(found);
		}

		String excerpt(String text) {
			return TextLines.excerpt(text, this.start, this.end);
		}

	}

}
