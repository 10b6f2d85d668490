package dev.imagepack.mapping.template;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.imagepack.mapping.template.JsonText.Kind;
import dev.imagepack.mapping.template.JsonText.Member;
import dev.imagepack.mapping.template.JsonText.Value;

/**
 * Finds {@code image_id} on resources and {@code image_id}/{@code image_ids} on module
 * calls in a Terraform file written in JSON syntax. Every JSON string there is a
 * template, so {@code "${…}"} is interpolation and {@code "$${"} an escaped dollar.
 */
final class TerraformJsonScanner implements TemplateScanner {

	@Override
	public List<Occurrence> scan(TemplateFile file) {
		Value root = JsonText.parse(file);
		Scan scan = new Scan(file);
		for (Value resources : objects(root.get("resource"))) {
			for (Member type : resources.members()) {
				for (Value names : objects(type.value())) {
					for (Member name : names.members()) {
						for (Value body : objects(name.value())) {
							for (Member attribute : body.membersNamed(ImageScope.TERRAFORM_ATTRIBUTE)) {
								String pointer = "/resource/" + JsonPointers.escape(type.name()) + "/"
										+ JsonPointers.escape(name.name()) + "/" + ImageScope.TERRAFORM_ATTRIBUTE;
								scan.add(type.name(), name.name(), pointer, attribute.value(),
										ImageScope.isTerraformType(type.name()));
							}
						}
					}
				}
			}
		}
		for (Value modules : objects(root.get("module"))) {
			for (Member name : modules.members()) {
				for (Value body : objects(name.value())) {
					for (Member attribute : body.members()) {
						scan.addModuleArgument(name.name(), attribute);
					}
				}
			}
		}
		scan.occurrences.sort(Comparator.comparingInt((Occurrence occurrence) -> occurrence.property().line())
			.thenComparingInt((occurrence) -> occurrence.property().column()));
		return scan.occurrences;
	}

	/** A block's value in JSON syntax is an object, or an array of objects. */
	private static List<Value> objects(@Nullable Value value) {
		if (value == null) {
			return List.of();
		}
		if (value.kind() == Kind.ARRAY) {
			return value.items().stream().filter((item) -> item.kind() == Kind.OBJECT).toList();
		}
		return (value.kind() == Kind.OBJECT) ? List.of(value) : List.of();
	}

	private static final class Scan {

		private final TemplateFile file;

		private final TextLines lines;

		private final List<Occurrence> occurrences = new ArrayList<>();

		Scan(TemplateFile file) {
			this.file = file;
			this.lines = new TextLines(file.text());
		}

		void addModuleArgument(String module, Member attribute) {
			String pointer = "/module/" + JsonPointers.escape(module) + "/" + attribute.name();
			if (ImageScope.TERRAFORM_ATTRIBUTE.equals(attribute.name())) {
				add("module", module, pointer, attribute.value(), true);
			}
			else if (ImageScope.TERRAFORM_MODULE_LIST.equals(attribute.name())) {
				if (attribute.value().kind() == Kind.ARRAY) {
					List<Value> items = attribute.value().items();
					for (int i = 0; i < items.size(); i++) {
						add("module", module, pointer + "/" + i, items.get(i), true);
					}
				}
				else {
					add("module", module, pointer, attribute.value(), true);
				}
			}
		}

		void add(String type, String name, String pointer, Value value, boolean inScope) {
			int line = this.lines.line(value.start());
			int column = this.lines.column(value.start());
			String string = value.string();
			String literal = (string != null) ? TerraformStrings.literal(string) : null;
			if (literal != null) {
				this.occurrences
					.add(new Occurrence(new ImageProperty(this.file.name(), type, name, pointer, line, column, literal,
							null, null, inScope), value.start(), value.end(), TerraformStrings::quoteJson));
				return;
			}
			NonLiteralReason reason = (string != null) ? NonLiteralReason.INTERPOLATION : NonLiteralReason.NOT_A_STRING;
			this.occurrences.add(Occurrence.nonLiteral(new ImageProperty(this.file.name(), type, name, pointer, line,
					column, null, reason, value.excerpt(this.file.text()), inScope)));
		}

	}

}
