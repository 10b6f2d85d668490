package dev.imagepack.mapping.template;

import java.util.Arrays;

/**
 * Turns char indexes of a text into 1-based lines and columns. A line ends at LF, CRLF or
 * a lone CR; columns count code points, so a character outside the Basic Multilingual
 * Plane is one column.
 */
final class TextLines {

	private final String text;

	private final int[] lineStarts;

	TextLines(String text) {
		this.text = text;
		int[] starts = new int[16];
		int count = 1;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean lineBreak = c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'));
			if (lineBreak) {
				if (count == starts.length) {
					starts = Arrays.copyOf(starts, count * 2);
				}
				starts[count++] = i + 1;
			}
		}
		this.lineStarts = Arrays.copyOf(starts, count);
	}

	int line(int index) {
		int found = Arrays.binarySearch(this.lineStarts, index);
		return (found >= 0) ? found + 1 : -found - 1;
	}

	int column(int index) {
		int lineStart = this.lineStarts[line(index) - 1];
		return this.text.codePointCount(lineStart, index) + 1;
	}

	/**
	 * The source text of a span with runs of white space folded to one space, cut to a
	 * length fit for a message.
	 */
	static String excerpt(String text, int start, int end) {
		String folded = text.substring(start, end).strip().replaceAll("\\s+", " ");
		return (folded.length() > 80) ? folded.substring(0, 77) + "..." : folded;
	}

}
