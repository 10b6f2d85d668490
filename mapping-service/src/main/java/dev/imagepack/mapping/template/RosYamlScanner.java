package dev.imagepack.mapping.template;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Finds {@code Resources.<name>.Properties.ImageId} in a ROS template written in YAML.
 * The text is composed into nodes with their marks and never constructed, so tags such as
 * {@code !Ref} stay tags and nothing is re-serialised.
 * <p>
 * An alias ({@code ImageId: *img}) stands for the node it refers to: if that node is a
 * literal scalar, the property is that literal, and rendering rewrites the anchored
 * scalar once, which keeps the anchor and every alias of it. An ImageId that a merge key
 * ({@code <<: *defaults}) brings into Properties is treated the same way. A block scalar
 * ({@code |} or {@code >}) is refused as not a literal: its value carries line breaks and
 * indentation rules that an image ID has no use for.
 */
final class RosYamlScanner implements TemplateScanner {

	private static final int CODE_POINT_LIMIT = 64 * 1024 * 1024;

	@Override
	public List<Occurrence> scan(TemplateFile file) {
		Node root = compose(file);
		requireUniqueKeys(file, root);
		if (!(value(root, "Resources") instanceof MappingNode resources)) {
			return List.of();
		}
		requireUniqueKeys(file, resources);
		FileText text = new FileText(file);
		List<Occurrence> occurrences = new ArrayList<>();
		for (NodeTuple resource : resources.getValue()) {
			String name = scalar(resource.getKeyNode());
			Node body = resource.getValueNode();
			String type = scalar(value(body, "Type"));
			requireUniqueKeys(file, body);
			if (name == null || type == null || !(value(body, "Properties") instanceof MappingNode properties)) {
				continue;
			}
			requireUniqueKeys(file, properties);
			List<NodeTuple> images = imageProperties(properties);
			for (NodeTuple property : images) {
				occurrences.add(text.occurrence(name, type, properties, property));
			}
		}
		return occurrences;
	}

	/**
	 * The ImageId entries of a Properties mapping; without one of its own, the first that
	 * a merge key ({@code <<: *defaults}) brings in, which is the one a YAML reader would
	 * use.
	 */
	private static List<NodeTuple> imageProperties(MappingNode properties) {
		List<NodeTuple> own = new ArrayList<>();
		List<MappingNode> merged = new ArrayList<>();
		for (NodeTuple tuple : properties.getValue()) {
			String key = scalar(tuple.getKeyNode());
			if (ImageScope.ROS_PROPERTY.equals(key)) {
				own.add(tuple);
			}
			else if ("<<".equals(key) && tuple.getValueNode() instanceof MappingNode mapping) {
				merged.add(mapping);
			}
			else if ("<<".equals(key) && tuple.getValueNode() instanceof SequenceNode sequence) {
				sequence.getValue()
					.stream()
					.filter(MappingNode.class::isInstance)
					.forEach((node) -> merged.add((MappingNode) node));
			}
		}
		if (!own.isEmpty()) {
			return own;
		}
		for (MappingNode mapping : merged) {
			List<NodeTuple> inherited = imageProperties(mapping);
			if (!inherited.isEmpty()) {
				return inherited.subList(0, 1);
			}
		}
		return List.of();
	}

	private static @Nullable Node compose(TemplateFile file) {
		LoadSettings settings = LoadSettings.builder()
			.setLabel(file.name())
			.setSchema(new CoreSchema())
			.setCodePointLimit(CODE_POINT_LIMIT)
			.build();
		try {
			Parser parser = new ParserImpl(settings, new StreamReader(settings, file.text()));
			return new BoundedComposer(settings, parser).getSingleNode().orElse(null);
		}
		catch (MarkedYamlEngineException ex) {
			Optional<Mark> mark = ex.getProblemMark().or(ex::getContextMark);
			String problem = (ex.getProblem() != null) ? ex.getProblem() : ex.getMessage();
			throw new TemplateSyntaxException(file.name(), mark.map((m) -> m.getLine() + 1).orElse(0),
					mark.map((m) -> m.getColumn() + 1).orElse(0), "Not well-formed YAML: " + problem);
		}
		catch (YamlEngineException ex) {
			throw new TemplateSyntaxException(file.name(), "Not well-formed YAML: " + ex.getMessage());
		}
		catch (StackOverflowError ex) {
			// The composer recurses once per level of nesting and has no limit of its
			// own.
			throw new TemplateSyntaxException(file.name(), "The YAML is nested too deeply to read");
		}
	}

	/**
	 * Refuses a mapping that names a key twice: readers disagree on which value wins, so
	 * an image property in the value this scanner skips could still be deployed.
	 */
	private static void requireUniqueKeys(TemplateFile file, @Nullable Node node) {
		if (!(node instanceof MappingNode mapping)) {
			return;
		}
		Set<String> keys = new HashSet<>();
		for (NodeTuple tuple : mapping.getValue()) {
			String key = scalar(tuple.getKeyNode());
			if (key != null && !"<<".equals(key) && !keys.add(key)) {
				Mark mark = tuple.getKeyNode().getStartMark().orElse(null);
				throw new TemplateSyntaxException(file.name(), (mark != null) ? mark.getLine() + 1 : 0,
						(mark != null) ? mark.getColumn() + 1 : 0,
						"The key '" + key + "' appears twice in one mapping");
			}
		}
	}

	/**
	 * A composer that stops at a merge key that keeps merging, such as one that merges
	 * its own mapping: the engine would otherwise loop forever.
	 */
	private static final class BoundedComposer extends Composer {

		private static final int MAX_MERGES = 10_000;

		private int merges;

		BoundedComposer(LoadSettings settings, Parser parser) {
			super(settings, parser);
		}

		@Override
		protected MappingNode asMappingNode(Node node) {
			if (++this.merges > MAX_MERGES) {
				throw new YamlEngineException("Merge keys repeat more than " + MAX_MERGES
						+ " times; does a merge key refer to the mapping that holds it?");
			}
			return super.asMappingNode(node);
		}

	}

	private static @Nullable Node value(@Nullable Node mapping, String key) {
		if (mapping instanceof MappingNode map) {
			for (NodeTuple tuple : map.getValue()) {
				if (key.equals(scalar(tuple.getKeyNode()))) {
					return tuple.getValueNode();
				}
			}
		}
		return null;
	}

	private static @Nullable String scalar(@Nullable Node node) {
		return (node instanceof ScalarNode scalar) ? scalar.getValue() : null;
	}

	private static boolean isCustomTag(Node node) {
		return !node.getTag().getValue().startsWith(Tag.PREFIX);
	}

	/**
	 * The file's text with the index arithmetic that marks need: SnakeYAML counts code
	 * points, Java strings count chars.
	 */
	private static final class FileText {

		private final TemplateFile file;

		private final String text;

		private final TextLines lines;

		private final int @Nullable [] charIndexOfCodePoint;

		FileText(TemplateFile file) {
			this.file = file;
			this.text = file.text();
			this.lines = new TextLines(this.text);
			int codePoints = this.text.codePointCount(0, this.text.length());
			if (codePoints == this.text.length()) {
				this.charIndexOfCodePoint = null;
			}
			else {
				int[] map = new int[codePoints + 1];
				int charIndex = 0;
				for (int i = 0; i < codePoints; i++) {
					map[i] = charIndex;
					charIndex += Character.charCount(this.text.codePointAt(charIndex));
				}
				map[codePoints] = this.text.length();
				this.charIndexOfCodePoint = map;
			}
		}

		Occurrence occurrence(String name, String type, MappingNode properties, NodeTuple property) {
			Node value = property.getValueNode();
			int keyEnd = index(property.getKeyNode().getEndMark());
			int valueStart = index(value.getStartMark());
			boolean alias = valueStart < keyEnd;
			int reportAt = alias ? aliasStart(keyEnd) : valueStart;
			String pointer = "/Resources/" + JsonPointers.escape(name) + "/Properties/" + ImageScope.ROS_PROPERTY;
			boolean inScope = ImageScope.isRosType(type);
			NonLiteralReason reason = reason(value);
			if (reason != null) {
				String expression = alias ? "*" + anchorName(value) : excerpt(value);
				return Occurrence.nonLiteral(new ImageProperty(this.file.name(), type, name, pointer,
						this.lines.line(reportAt), this.lines.column(reportAt), null, reason, expression, inScope));
			}
			ScalarNode scalar = (ScalarNode) value;
			int start = contentStart(valueStart);
			if (!alias) {
				reportAt = start;
			}
			// An alias or a merged entry may live in a flow collection elsewhere: quote
			// as for flow.
			boolean inherited = properties.getValue().stream().noneMatch((tuple) -> tuple == property);
			boolean flow = alias || inherited || properties.getFlowStyle() == FlowStyle.FLOW;
			ImageProperty reported = new ImageProperty(this.file.name(), type, name, pointer, this.lines.line(reportAt),
					this.lines.column(reportAt), scalar.getValue(), null, null, inScope);
			return new Occurrence(reported, start, index(value.getEndMark()),
					YamlQuoting.forStyle(scalar.getScalarStyle(), flow));
		}

		private static @Nullable NonLiteralReason reason(Node value) {
			if (isCustomTag(value)) {
				return NonLiteralReason.SHORT_FORM_TAG;
			}
			if (value instanceof MappingNode mapping) {
				String function = (mapping.getValue().size() == 1) ? scalar(mapping.getValue().get(0).getKeyNode())
						: null;
				return RosFunctions.reason(function);
			}
			if (!(value instanceof ScalarNode scalar)) {
				return NonLiteralReason.NOT_A_STRING;
			}
			if (scalar.getScalarStyle() == ScalarStyle.LITERAL || scalar.getScalarStyle() == ScalarStyle.FOLDED) {
				return NonLiteralReason.BLOCK_SCALAR;
			}
			return Tag.STR.equals(scalar.getTag()) ? null : NonLiteralReason.NOT_A_STRING;
		}

		private String excerpt(Node value) {
			int start = index(value.getStartMark());
			int end = Math.max(start, index(value.getEndMark()));
			String excerpt = TextLines.excerpt(this.text, start, end);
			return excerpt.isEmpty() ? "(empty)" : excerpt;
		}

		private static String anchorName(Node value) {
			return value.getAnchor().map((anchor) -> anchor.getValue()).orElse("");
		}

		private int index(Optional<Mark> mark) {
			int codePoint = mark.orElseThrow(() -> new IllegalStateException("Composed without marks")).getIndex();
			return (this.charIndexOfCodePoint != null) ? this.charIndexOfCodePoint[codePoint] : codePoint;
		}

		/** Where a scalar's own text starts, after its anchor and tag. */
		private int contentStart(int index) {
			int i = index;
			while (i < this.text.length() && (this.text.charAt(i) == '&' || this.text.charAt(i) == '!')) {
				while (i < this.text.length() && !Character.isWhitespace(this.text.charAt(i))) {
					i++;
				}
				i = skipSpaceAndComments(i);
			}
			return i;
		}

		/** Where the alias after a key starts. */
		private int aliasStart(int keyEnd) {
			int i = skipSpaceAndComments(keyEnd);
			if (i < this.text.length() && this.text.charAt(i) == ':') {
				i = skipSpaceAndComments(i + 1);
			}
			return (i < this.text.length() && this.text.charAt(i) == '*') ? i : keyEnd;
		}

		private int skipSpaceAndComments(int index) {
			int i = index;
			while (i < this.text.length()) {
				char c = this.text.charAt(i);
				if (c == '#') {
					while (i < this.text.length() && this.text.charAt(i) != '\n' && this.text.charAt(i) != '\r') {
						i++;
					}
				}
				else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
					i++;
				}
				else {
					break;
				}
			}
			return i;
		}

	}

}
