package dev.imagepack.mapping.template;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * A template file cannot be read: it is not well-formed YAML, JSON or HCL, or the files
 * do not form one template. Carries the file and, when known, the 1-based line and
 * column.
 */
public class TemplateSyntaxException extends ApiProblem {

	private final String file;

	private final int line;

	private final int column;

	/**
	 * A problem with a file as a whole.
	 * @param file the file's name
	 * @param detail what is wrong
	 */
	public TemplateSyntaxException(String file, String detail) {
		this(file, 0, 0, detail);
	}

	/**
	 * A problem at a place in a file.
	 * @param file the file's name
	 * @param line the 1-based line, or 0 if unknown
	 * @param column the 1-based column, or 0 if unknown
	 * @param detail what is wrong
	 */
	public TemplateSyntaxException(String file, int line, int column, String detail) {
		super("template-syntax", "Template not readable", 400,
				(line > 0) ? file + ":" + line + ":" + column + ": " + detail : detail, properties(file, line, column));
		this.file = file;
		this.line = line;
		this.column = column;
	}

	private static Map<String, Object> properties(String file, int line, int column) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("file", file);
		if (line > 0) {
			properties.put("line", line);
			properties.put("column", column);
		}
		return properties;
	}

	/**
	 * The file's name.
	 * @return the file
	 */
	public String file() {
		return this.file;
	}

	/**
	 * The 1-based line of the problem.
	 * @return the line, or 0 if unknown
	 */
	public int line() {
		return this.line;
	}

	/**
	 * The 1-based column of the problem.
	 * @return the column, or 0 if unknown
	 */
	public int column() {
		return this.column;
	}

}
