package dev.imagepack.mapping.template;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.imagepack.mapping.template.HclLexer.Kind;
import dev.imagepack.mapping.template.HclLexer.Token;

/**
 * Finds {@code image_id} among the top-level attributes of {@code resource} blocks, and
 * {@code image_id}/{@code image_ids} among the arguments of {@code module} blocks, in a
 * Terraform file written in HCL native syntax. The file's block structure is followed
 * with {@link HclLexer}'s tokens; each attribute's expression is classified by its
 * tokens, without evaluating anything.
 */
final class TerraformHclScanner implements TemplateScanner {

	@Override
	public List<Occurrence> scan(TemplateFile file) {
		TextLines lines = new TextLines(file.text());
		Parser parser = new Parser(file, lines, HclLexer.tokens(file, lines));
		parser.body(null, 0);
		return parser.occurrences;
	}

	/**
	 * The kind and labels of a top-level block.
	 *
	 * @param type the block type, such as {@code resource} or {@code module}
	 * @param labels the labels
	 */
	private record Block(String type, List<String> labels) {

		boolean isResource() {
			return "resource".equals(this.type) && this.labels.size() == 2;
		}

		boolean isModule() {
			return "module".equals(this.type) && this.labels.size() == 1;
		}

	}

	private static final class Parser {

		private final TemplateFile file;

		private final String text;

		private final TextLines lines;

		private final List<Token> tokens;

		private final List<Occurrence> occurrences = new ArrayList<>();

		private int position;

		Parser(TemplateFile file, TextLines lines, List<Token> tokens) {
			this.file = file;
			this.text = file.text();
			this.lines = lines;
			this.tokens = tokens;
		}

		/**
		 * Reads a body up to its closing brace, or to the end of the file at level 0.
		 * @param block the top-level block whose body this is, or null
		 * @param level 0 for the file, 1 for a top-level block's body, more when nested
		 */
		void body(@Nullable Block block, int level) {
			if (level > HclLexer.MAX_NESTING) {
				throw error(this.tokens.get(this.position),
						"Blocks are nested more than " + HclLexer.MAX_NESTING + " deep");
			}
			while (true) {
				Token token = this.tokens.get(this.position);
				switch (token.kind()) {
					case NEWLINE -> this.position++;
					case EOF -> {
						if (level > 0) {
							throw error(token, "A block is not closed before the end of the file");
						}
						return;
					}
					case CLOSE_BRACE -> {
						if (level == 0) {
							throw error(token, "A closing brace without a block");
						}
						this.position++;
						return;
					}
					case IDENTIFIER -> item(block, level);
					default -> throw error(token, "Expected an attribute or a block");
				}
			}
		}

		private void item(@Nullable Block block, int level) {
			Token name = this.tokens.get(this.position++);
			if (this.tokens.get(this.position).kind() == Kind.EQUALS) {
				this.position++;
				int from = this.position;
				int to = expressionEnd();
				if (from == to) {
					throw error(this.tokens.get(to), "Expected an expression after '='");
				}
				if (block != null && level == 1) {
					attribute(block, name.text(this.text), from, to);
				}
				return;
			}
			List<String> labels = new ArrayList<>();
			while (true) {
				Token token = this.tokens.get(this.position);
				if (token.kind() == Kind.STRING) {
					labels.add(TerraformStrings.decodeQuoted(this.text, token.start(), token.end()));
				}
				else if (token.kind() == Kind.IDENTIFIER) {
					labels.add(token.text(this.text));
				}
				else if (token.kind() == Kind.OPEN_BRACE) {
					this.position++;
					break;
				}
				else {
					throw error(token, "Expected a block label or '{'");
				}
				this.position++;
			}
			body((level == 0) ? new Block(name.text(this.text), List.copyOf(labels)) : block, level + 1);
		}

		/**
		 * Moves past an expression: to the newline, closing brace of the body, or end of
		 * file that ends it outside any brackets.
		 * @return the index of the token after the expression
		 */
		private int expressionEnd() {
			int depth = 0;
			while (true) {
				Token token = this.tokens.get(this.position);
				switch (token.kind()) {
					case EOF -> {
						if (depth > 0) {
							throw error(token, "A bracket is not closed before the end of the file");
						}
						return this.position;
					}
					case NEWLINE -> {
						if (depth == 0) {
							return this.position;
						}
					}
					case OPEN_BRACE, OPEN_BRACKET, OPEN_PAREN -> depth++;
					case CLOSE_BRACE, CLOSE_BRACKET, CLOSE_PAREN -> {
						if (depth == 0) {
							if (token.kind() == Kind.CLOSE_BRACE) {
								return this.position;
							}
							throw error(token, "A closing bracket without an opening one");
						}
						depth--;
					}
					default -> {
					}
				}
				this.position++;
			}
		}

		private void attribute(Block block, String name, int from, int to) {
			List<Token> expression = significant(from, to);
			if (block.isResource() && ImageScope.TERRAFORM_ATTRIBUTE.equals(name)) {
				String type = block.labels().get(0);
				String resource = block.labels().get(1);
				add(type, resource, type + "." + resource + "." + name, expression, ImageScope.isTerraformType(type));
			}
			else if (block.isModule() && ImageScope.TERRAFORM_ATTRIBUTE.equals(name)) {
				String module = block.labels().get(0);
				add("module", module, "module." + module + "." + name, expression, true);
			}
			else if (block.isModule() && ImageScope.TERRAFORM_MODULE_LIST.equals(name)) {
				String module = block.labels().get(0);
				List<List<Token>> items = listItems(expression);
				if (items == null) {
					add("module", module, "module." + module + "." + name, expression, true);
				}
				else {
					for (int i = 0; i < items.size(); i++) {
						add("module", module, "module." + module + "." + name + "[" + i + "]", items.get(i), true);
					}
				}
			}
		}

		private List<Token> significant(int from, int to) {
			List<Token> significant = new ArrayList<>(to - from);
			for (Token token : this.tokens.subList(from, to)) {
				if (token.kind() != Kind.NEWLINE) {
					significant.add(token);
				}
			}
			return significant;
		}

		/**
		 * The items of a list written as {@code [a, b]}, or null if the expression is not
		 * one.
		 */
		private @Nullable List<List<Token>> listItems(List<Token> expression) {
			if (expression.size() < 2 || expression.get(0).kind() != Kind.OPEN_BRACKET
					|| expression.get(expression.size() - 1).kind() != Kind.CLOSE_BRACKET) {
				return null;
			}
			List<List<Token>> items = new ArrayList<>();
			List<Token> item = new ArrayList<>();
			int depth = 0;
			for (Token token : expression.subList(1, expression.size() - 1)) {
				switch (token.kind()) {
					case OPEN_BRACE, OPEN_BRACKET, OPEN_PAREN -> depth++;
					case CLOSE_BRACE, CLOSE_BRACKET, CLOSE_PAREN -> depth--;
					default -> {
					}
				}
				if (depth < 0) {
					return null;
				}
				if (token.kind() == Kind.COMMA && depth == 0) {
					items.add(item);
					item = new ArrayList<>();
				}
				else if (token.kind() == Kind.IDENTIFIER && depth == 0 && item.isEmpty()
						&& "for".equals(token.text(this.text))) {
					return null;
				}
				else {
					item.add(token);
				}
			}
			if (!item.isEmpty()) {
				items.add(item);
			}
			return items;
		}

		private void add(String type, String name, String address, List<Token> expression, boolean inScope) {
			if (expression.isEmpty()) {
				return;
			}
			Token first = expression.get(0);
			Token last = expression.get(expression.size() - 1);
			int line = this.lines.line(first.start());
			int column = this.lines.column(first.start());
			if (expression.size() == 1 && first.kind() == Kind.STRING && !first.template()) {
				String literal = TerraformStrings.decodeQuoted(this.text, first.start(), first.end());
				this.occurrences.add(new Occurrence(new ImageProperty(this.file.name(), type, name, address, line,
						column, literal, null, null, inScope), first.start(), first.end(), TerraformStrings::quote));
				return;
			}
			this.occurrences
				.add(Occurrence.nonLiteral(new ImageProperty(this.file.name(), type, name, address, line, column, null,
						reason(expression), TextLines.excerpt(this.text, first.start(), last.end()), inScope)));
		}

		private NonLiteralReason reason(List<Token> expression) {
			Token first = expression.get(0);
			if (expression.size() == 1) {
				return switch (first.kind()) {
					case STRING -> NonLiteralReason.INTERPOLATION;
					case HEREDOC -> NonLiteralReason.HEREDOC;
					case NUMBER -> NonLiteralReason.NOT_A_STRING;
					default -> isConstant(first) ? NonLiteralReason.NOT_A_STRING : NonLiteralReason.EXPRESSION;
				};
			}
			int depth = 0;
			for (Token token : expression) {
				switch (token.kind()) {
					case OPEN_BRACE, OPEN_BRACKET, OPEN_PAREN -> depth++;
					case CLOSE_BRACE, CLOSE_BRACKET, CLOSE_PAREN -> depth--;
					case QUESTION -> {
						if (depth == 0) {
							return NonLiteralReason.CONDITIONAL;
						}
					}
					default -> {
					}
				}
			}
			Kind second = expression.get(1).kind();
			if (first.kind() == Kind.IDENTIFIER && (second == Kind.OPEN_PAREN || second == Kind.COLON)) {
				return NonLiteralReason.FUNCTION_CALL;
			}
			if (first.kind() == Kind.IDENTIFIER && second == Kind.DOT) {
				return switch (first.text(this.text)) {
					case "var" -> NonLiteralReason.VARIABLE;
					case "local" -> NonLiteralReason.LOCAL;
					case "data" -> NonLiteralReason.DATA;
					case "module" -> NonLiteralReason.MODULE;
					default -> NonLiteralReason.EXPRESSION;
				};
			}
			if (first.kind() == Kind.OPEN_BRACKET || first.kind() == Kind.OPEN_BRACE) {
				return NonLiteralReason.NOT_A_STRING;
			}
			return NonLiteralReason.EXPRESSION;
		}

		private boolean isConstant(Token token) {
			String word = token.text(this.text);
			return token.kind() == Kind.IDENTIFIER
					&& ("true".equals(word) || "false".equals(word) || "null".equals(word));
		}

		private TemplateSyntaxException error(Token token, String message) {
			return new TemplateSyntaxException(this.file.name(), this.lines.line(token.start()),
					this.lines.column(token.start()), "Not well-formed HCL: " + message);
		}

	}

}
