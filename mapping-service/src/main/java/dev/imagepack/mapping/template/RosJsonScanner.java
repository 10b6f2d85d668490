package dev.imagepack.mapping.template;

import java.util.ArrayList;
import java.util.List;

import dev.imagepack.mapping.template.JsonText.Kind;
import dev.imagepack.mapping.template.JsonText.Member;
import dev.imagepack.mapping.template.JsonText.Value;

/**
 * Finds {@code Resources.<name>.Properties.ImageId} in a ROS template written in JSON. A
 * string is a literal; an object such as {@code {"Ref": …}} or {@code {"Fn::…": …}} is
 * not.
 */
final class RosJsonScanner implements TemplateScanner {

	@Override
	public List<Occurrence> scan(TemplateFile file) {
		Value resources = JsonText.parse(file).get("Resources");
		if (resources == null) {
			return List.of();
		}
		TextLines lines = new TextLines(file.text());
		List<Occurrence> occurrences = new ArrayList<>();
		for (Member resource : resources.members()) {
			Value type = resource.value().get("Type");
			Value properties = resource.value().get("Properties");
			if (type == null || type.string() == null || properties == null) {
				continue;
			}
			for (Member property : properties.membersNamed(ImageScope.ROS_PROPERTY)) {
				String pointer = "/Resources/" + JsonPointers.escape(resource.name()) + "/Properties/"
						+ ImageScope.ROS_PROPERTY;
				occurrences.add(occurrence(file, lines, resource.name(), type.string(), pointer, property.value()));
			}
		}
		return occurrences;
	}

	private static Occurrence occurrence(TemplateFile file, TextLines lines, String name, String type, String pointer,
			Value value) {
		boolean inScope = ImageScope.isRosType(type);
		int line = lines.line(value.start());
		int column = lines.column(value.start());
		if (value.kind() == Kind.STRING && value.string() != null) {
			return new Occurrence(new ImageProperty(file.name(), type, name, pointer, line, column, value.string(),
					null, null, inScope), value.start(), value.end(), JsonText::quote);
		}
		NonLiteralReason reason = (value.kind() == Kind.OBJECT)
				? RosFunctions.reason((value.members().size() == 1) ? value.members().get(0).name() : null)
				: NonLiteralReason.NOT_A_STRING;
		return Occurrence.nonLiteral(new ImageProperty(file.name(), type, name, pointer, line, column, null, reason,
				value.excerpt(file.text()), inScope));
	}

}
