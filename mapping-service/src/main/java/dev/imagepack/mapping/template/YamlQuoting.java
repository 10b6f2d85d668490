package dev.imagepack.mapping.template;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Writes a string as a YAML scalar in the style of the scalar it replaces: plain stays
 * plain when the value reads back as the same string, single-quoted stays single-quoted,
 * and double-quoted stays double-quoted. A value that cannot be written in a style falls
 * back to the next safer one.
 */
final class YamlQuoting {

	private static final Pattern SIMPLE_PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");

	/** Words that YAML 1.1 readers, which ROS tools use, take for booleans or null. */
	private static final Set<String> NOT_STRINGS = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null",
			"~");

	private static final LoadSettings PROBE_SETTINGS = LoadSettings.builder()
		.setLabel("probe")
		.setSchema(new CoreSchema())
		.build();

	private YamlQuoting() {
	}

	static ValueEncoder forStyle(ScalarStyle style, boolean flow) {
		return switch (style) {
			case PLAIN -> (value) -> isSafePlain(value, flow) ? value : singleQuoted(value);
			case SINGLE_QUOTED -> YamlQuoting::singleQuoted;
			default -> YamlQuoting::doubleQuoted;
		};
	}

	static String singleQuoted(String value) {
		if (needsEscapes(value)) {
			return doubleQuoted(value);
		}
		return "'" + value.replace("'", "''") + "'";
	}

	static String doubleQuoted(String value) {
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
					if (isSpecial(c)) {
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

	/**
	 * Whether a value can be written as a plain scalar and reads back as the same string,
	 * in block or in flow context.
	 */
	static boolean isSafePlain(String value, boolean flow) {
		if (value.isEmpty() || needsEscapes(value) || !value.equals(value.strip())
				|| NOT_STRINGS.contains(value.toLowerCase(Locale.ROOT))) {
			return false;
		}
		if (SIMPLE_PLAIN.matcher(value).matches()) {
			return true;
		}
		return readsBackAsPlainString(value, flow);
	}

	private static boolean readsBackAsPlainString(String value, boolean flow) {
		try {
			Optional<Node> probe = new Compose(PROBE_SETTINGS).composeString(flow ? "[" + value + "]" : "k: " + value);
			Node node = probe.map(YamlQuoting::onlyValue).orElse(null);
			return node instanceof ScalarNode scalar && scalar.getScalarStyle() == ScalarStyle.PLAIN
					&& Tag.STR.equals(scalar.getTag()) && value.equals(scalar.getValue());
		}
		catch (YamlEngineException ex) {
			return false;
		}
	}

	private static Node onlyValue(Node root) {
		if (root instanceof SequenceNode sequence && sequence.getValue().size() == 1) {
			return sequence.getValue().get(0);
		}
		if (root instanceof MappingNode mapping && mapping.getValue().size() == 1) {
			return mapping.getValue().get(0).getValueNode();
		}
		return root;
	}

	private static boolean needsEscapes(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\n' || c == '\r' || c == '\t' || isSpecial(c)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isSpecial(char c) {
		return c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff;
	}

}
