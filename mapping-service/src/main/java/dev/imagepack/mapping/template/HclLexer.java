package dev.imagepack.mapping.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits HCL native syntax into the tokens that the structure of a Terraform file needs.
 * Quoted strings are single tokens, with any {@code ${…}} or {@code %{…}} inside them
 * (nested strings included) skipped as part of the string; heredocs are single tokens up
 * to their closing marker; comments are dropped; newlines are tokens because they end
 * attributes.
 */
final class HclLexer {

	/** How deeply strings and template sequences may nest inside each other. */
	static final int MAX_NESTING = 64;

	private final TemplateFile file;

	private final String text;

	private final TextLines lines;

	private final List<Token> tokens = new ArrayList<>();

	private HclLexer(TemplateFile file, TextLines lines) {
		this.file = file;
		this.text = file.text();
		this.lines = lines;
	}

	/**
	 * Splits a file into tokens, the last of which is {@link Kind#EOF}.
	 * @param file the file
	 * @param lines the file's lines, for error locations
	 * @return the tokens
	 * @throws TemplateSyntaxException at an unterminated string, comment or heredoc, or a
	 * character that HCL does not know
	 */
	static List<Token> tokens(TemplateFile file, TextLines lines) {
		HclLexer lexer = new HclLexer(file, lines);
		lexer.run();
		return lexer.tokens;
	}

	private void run() {
		int i = (this.text.startsWith("\uFEFF")) ? 1 : 0;
		int n = this.text.length();
		while (i < n) {
			char c = this.text.charAt(i);
			char next = (i + 1 < n) ? this.text.charAt(i + 1) : '\0';
			if (c == ' ' || c == '\t' || c == '\r') {
				i++;
			}
			else if (c == '\n') {
				i = add(Kind.NEWLINE, i, i + 1);
			}
			else if (c == '#' || (c == '/' && next == '/')) {
				while (i < n && this.text.charAt(i) != '\n') {
					i++;
				}
			}
			else if (c == '/' && next == '*') {
				int close = this.text.indexOf("*/", i + 2);
				if (close < 0) {
					throw error(i, "A comment opened here is not closed");
				}
				i = close + 2;
			}
			else if (c == '"') {
				i = quoted(i);
			}
			else if (c == '<' && next == '<' && isHeredoc(i)) {
				i = heredoc(i);
			}
			else if (Character.isLetter(c) || c == '_') {
				int end = i + 1;
				while (end < n && isIdentifierPart(this.text.charAt(end))) {
					end++;
				}
				i = add(Kind.IDENTIFIER, i, end);
			}
			else if (Character.isDigit(c)) {
				i = add(Kind.NUMBER, i, number(i));
			}
			else {
				i = punctuation(i, c, next);
			}
		}
		this.tokens.add(new Token(Kind.EOF, n, n, false));
	}

	private int add(Kind kind, int start, int end) {
		this.tokens.add(new Token(kind, start, end, false));
		return end;
	}

	private int punctuation(int i, char c, char next) {
		Kind kind = switch (c) {
			case '{' -> Kind.OPEN_BRACE;
			case '}' -> Kind.CLOSE_BRACE;
			case '[' -> Kind.OPEN_BRACKET;
			case ']' -> Kind.CLOSE_BRACKET;
			case '(' -> Kind.OPEN_PAREN;
			case ')' -> Kind.CLOSE_PAREN;
			case '?' -> Kind.QUESTION;
			case ',' -> Kind.COMMA;
			case ':' -> Kind.COLON;
			case '.' -> this.text.startsWith("...", i) ? Kind.OPERATOR : Kind.DOT;
			case '=' -> (next == '=' || next == '>') ? Kind.OPERATOR : Kind.EQUALS;
			case '!', '<', '>', '&', '|', '+', '-', '*', '/', '%', '~' -> Kind.OPERATOR;
			default -> throw error(i, "HCL has no token starting with '" + c + "'");
		};
		int length = 1;
		if (c == '.' && kind == Kind.OPERATOR) {
			length = 3;
		}
		else if (kind == Kind.OPERATOR && (next == '=' || (c == '&' && next == '&') || (c == '|' && next == '|')
				|| (c == '=' && next == '>'))) {
			length = 2;
		}
		return add(kind, i, i + length);
	}

	private int number(int start) {
		int i = start;
		int n = this.text.length();
		while (i < n && Character.isDigit(this.text.charAt(i))) {
			i++;
		}
		if (i + 1 < n && this.text.charAt(i) == '.' && Character.isDigit(this.text.charAt(i + 1))) {
			i++;
			while (i < n && Character.isDigit(this.text.charAt(i))) {
				i++;
			}
		}
		if (i < n && (this.text.charAt(i) == 'e' || this.text.charAt(i) == 'E')) {
			int exponent = i + 1;
			if (exponent < n && (this.text.charAt(exponent) == '+' || this.text.charAt(exponent) == '-')) {
				exponent++;
			}
			if (exponent < n && Character.isDigit(this.text.charAt(exponent))) {
				i = exponent;
				while (i < n && Character.isDigit(this.text.charAt(i))) {
					i++;
				}
			}
		}
		return i;
	}

	/** Reads a quoted string that starts at an index and adds it as one token. */
	private int quoted(int start) {
		boolean[] template = { false };
		int end = quotedEnd(start, template, 0);
		this.tokens.add(new Token(Kind.STRING, start, end, template[0]));
		return end;
	}

	private int quotedEnd(int start, boolean[] template, int nesting) {
		if (nesting > MAX_NESTING) {
			throw error(start, "Strings are nested more than " + MAX_NESTING + " deep");
		}
		int i = start + 1;
		int n = this.text.length();
		while (true) {
			if (i >= n || this.text.charAt(i) == '\n') {
				throw error(start, "A string opened here is not closed on its line");
			}
			char c = this.text.charAt(i);
			if (c == '"') {
				return i + 1;
			}
			if (c == '\\') {
				i = escapeEnd(i);
			}
			else if ((c == '$' || c == '%') && this.text.startsWith(c + "" + c + "{", i)) {
				i += 3;
			}
			else if ((c == '$' || c == '%') && i + 1 < n && this.text.charAt(i + 1) == '{') {
				template[0] = true;
				i = templateEnd(i + 2, nesting);
			}
			else {
				i++;
			}
		}
	}

	/**
	 * The index after the brace that closes a template sequence whose body starts at an
	 * index.
	 */
	private int templateEnd(int bodyStart, int nesting) {
		int depth = 1;
		int i = bodyStart;
		int n = this.text.length();
		while (i < n) {
			char c = this.text.charAt(i);
			if (c == '"') {
				i = quotedEnd(i, new boolean[1], nesting + 1);
				continue;
			}
			if (c == '{') {
				depth++;
			}
			else if (c == '}' && --depth == 0) {
				return i + 1;
			}
			i++;
		}
		throw error(bodyStart - 2, "A template sequence opened here is not closed");
	}

	/**
	 * The index after a valid escape sequence that starts with a backslash at an index.
	 */
	private int escapeEnd(int backslash) {
		int at = backslash + 1;
		char c = (at < this.text.length()) ? this.text.charAt(at) : '\0';
		if (c == 'n' || c == 'r' || c == 't' || c == '"' || c == '\\') {
			return at + 1;
		}
		int digits = (c == 'u') ? 4 : (c == 'U') ? 8 : 0;
		if (digits > 0 && at + 1 + digits <= this.text.length()) {
			String hex = this.text.substring(at + 1, at + 1 + digits);
			if (hex.chars().allMatch((h) -> Character.digit(h, 16) >= 0)
					&& Long.parseLong(hex, 16) <= Character.MAX_CODE_POINT) {
				return at + 1 + digits;
			}
		}
		throw error(backslash, "Not a valid escape sequence");
	}

	private boolean isHeredoc(int i) {
		int marker = i + 2;
		if (marker < this.text.length() && this.text.charAt(marker) == '-') {
			marker++;
		}
		return marker < this.text.length()
				&& (Character.isLetter(this.text.charAt(marker)) || this.text.charAt(marker) == '_');
	}

	/** Reads a heredoc from {@code <<} to the end of its closing marker, as one token. */
	private int heredoc(int start) {
		int markerStart = start + 2;
		if (this.text.charAt(markerStart) == '-') {
			markerStart++;
		}
		int markerEnd = markerStart;
		while (markerEnd < this.text.length() && isIdentifierPart(this.text.charAt(markerEnd))) {
			markerEnd++;
		}
		String marker = this.text.substring(markerStart, markerEnd);
		int lineEnd = this.text.indexOf('\n', markerEnd);
		if (lineEnd < 0 || !this.text.substring(markerEnd, lineEnd).isBlank()) {
			throw error(start, "A heredoc's marker " + marker + " must end its line");
		}
		int lineStart = lineEnd + 1;
		while (lineStart <= this.text.length()) {
			int next = this.text.indexOf('\n', lineStart);
			int end = (next < 0) ? this.text.length() : next;
			String line = this.text.substring(lineStart, end);
			if (line.strip().equals(marker)) {
				int closeEnd = lineStart + line.indexOf(marker) + marker.length();
				this.tokens.add(new Token(Kind.HEREDOC, start, closeEnd, true));
				return closeEnd;
			}
			if (next < 0) {
				break;
			}
			lineStart = next + 1;
		}
		throw error(start, "A heredoc opened here is not closed by " + marker);
	}

	private static boolean isIdentifierPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '-';
	}

	private TemplateSyntaxException error(int index, String message) {
		return new TemplateSyntaxException(this.file.name(), this.lines.line(index), this.lines.column(index),
				"Not well-formed HCL: " + message);
	}

	/** What a token is. */
	enum Kind {

		/** A name or keyword. */
		IDENTIFIER,

		/** A quoted string, templates inside it included. */
		STRING,

		/** A heredoc, from its opening to its closing marker. */
		HEREDOC,

		/** A number. */
		NUMBER,

		/** {@code {}. */
		OPEN_BRACE,

		/** {@code }}. */
		CLOSE_BRACE,

		/** {@code [}. */
		OPEN_BRACKET,

		/** {@code ]}. */
		CLOSE_BRACKET,

		/** {@code (}. */
		OPEN_PAREN,

		/** {@code )}. */
		CLOSE_PAREN,

		/** {@code =} that assigns. */
		EQUALS,

		/** {@code ?}. */
		QUESTION,

		/** {@code :}. */
		COLON,

		/** {@code ,}. */
		COMMA,

		/** {@code .}. */
		DOT,

		/** Any other operator. */
		OPERATOR,

		/** A line break outside strings and comments. */
		NEWLINE,

		/** The end of the file. */
		EOF

	}

	/**
	 * A token.
	 *
	 * @param kind what it is
	 * @param start the char index where it starts
	 * @param end the char index after it
	 * @param template for a string or heredoc, whether it holds {@code ${…}} or
	 * {@code %{…}}
	 */
	record Token(Kind kind, int start, int end, boolean template) {

		String text(String source) {
			return source.substring(this.start, this.end);
		}

	}

}
