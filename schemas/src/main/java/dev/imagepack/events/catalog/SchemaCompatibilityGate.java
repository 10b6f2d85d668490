package dev.imagepack.events.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Rejects a schema change that old and new code could not both live with.
 * <p>
 * The current schema of every event must be fully compatible with each released version:
 * new code reads what old code wrote (backward) and old code reads what new code writes
 * (forward). The current schema must also be the newest released version, so that every
 * schema that can reach a topic stays readable, and every record, enum and field must say
 * what it means.
 */
public final class SchemaCompatibilityGate {

	private SchemaCompatibilityGate() {
	}

	/**
	 * Checks every event of the catalogue against a history.
	 * @param history the released versions
	 * @return what is wrong, empty when the gate passes
	 */
	public static List<String> check(SchemaHistory history) {
		List<String> problems = new ArrayList<>();
		for (EventCatalog.EventType type : EventCatalog.types()) {
			problems.addAll(check(type.schema(), history.released(type.name())));
		}
		return problems;
	}

	/**
	 * Checks one current schema against its released versions.
	 * @param current the schema the code is built with
	 * @param released the released versions, oldest first
	 * @return what is wrong, empty when the gate passes
	 */
	public static List<String> check(Schema current, List<Schema> released) {
		List<String> problems = new ArrayList<>();
		String name = current.getFullName();
		for (int i = 0; i < released.size(); i++) {
			String version = "v" + (i + 1);
			Schema old = released.get(i);
			describeIncompatibility(name + " cannot read events written with " + version,
					SchemaCompatibility.checkReaderWriterCompatibility(current, old), problems);
			describeIncompatibility(name + " " + version + " cannot read events written with the current schema",
					SchemaCompatibility.checkReaderWriterCompatibility(old, current), problems);
			requireSameLogicalTypes(old, current, name, version, problems);
		}
		if (released.isEmpty()) {
			problems.add(name + " has no released version: record it as v1");
		}
		else if (!released.get(released.size() - 1).equals(current)) {
			problems.add(name + " differs from its newest release v" + released.size() + ": record it as v"
					+ (released.size() + 1));
		}
		requireDocs(current, name, problems);
		return problems;
	}

	private static void describeIncompatibility(String what, SchemaPairCompatibility result, List<String> problems) {
		if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
			result.getResult()
				.getIncompatibilities()
				.forEach((incompatibility) -> problems.add(what + ": " + incompatibility.getType() + " at "
						+ incompatibility.getLocation() + " (" + incompatibility.getMessage() + ")"));
		}
	}

	/**
	 * Avro resolves a field whose logical type changed (milliseconds to microseconds,
	 * say) without complaint, and the single-object fingerprint ignores logical types, so
	 * old events would be read with the new meaning.
	 */
	private static void requireSameLogicalTypes(Schema old, Schema current, String name, String version,
			List<String> problems) {
		Map<String, String> before = new TreeMap<>();
		Map<String, String> after = new TreeMap<>();
		logicalTypes(old, name, before, new HashSet<>());
		logicalTypes(current, name, after, new HashSet<>());
		before.forEach((path, logicalType) -> {
			String now = after.get(path);
			if (now != null && !now.equals(logicalType)) {
				problems.add(path + " changed its logical type from " + logicalType + " in " + version + " to " + now);
			}
		});
	}

	private static void logicalTypes(Schema schema, String where, Map<String, String> found, Set<String> seen) {
		found.put(where, (schema.getLogicalType() != null) ? schema.getLogicalType().getName() : "none");
		switch (schema.getType()) {
			case RECORD -> {
				if (seen.add(schema.getFullName())) {
					schema.getFields()
						.forEach((field) -> logicalTypes(field.schema(), where + "." + field.name(), found, seen));
				}
			}
			case ARRAY -> logicalTypes(schema.getElementType(), where + "[]", found, seen);
			case MAP -> logicalTypes(schema.getValueType(), where + "{}", found, seen);
			case UNION -> schema.getTypes()
				.forEach((branch) -> logicalTypes(branch, where + "<" + branch.getType().getName() + ">", found, seen));
			default -> {
			}
		}
	}

	private static void requireDocs(Schema schema, String where, List<String> problems) {
		switch (schema.getType()) {
			case RECORD -> {
				requireDoc(schema.getDoc(), where, problems);
				for (Schema.Field field : schema.getFields()) {
					requireDoc(field.doc(), where + "." + field.name(), problems);
					requireDocs(field.schema(), where + "." + field.name(), problems);
				}
			}
			case ENUM -> requireDoc(schema.getDoc(), where, problems);
			case ARRAY -> requireDocs(schema.getElementType(), where + "[]", problems);
			case MAP -> requireDocs(schema.getValueType(), where + "{}", problems);
			case UNION -> schema.getTypes().forEach((branch) -> requireDocs(branch, where, problems));
			default -> {
			}
		}
	}

	private static void requireDoc(String doc, String where, List<String> problems) {
		if (doc == null || doc.isBlank()) {
			problems.add(where + " has no doc");
		}
	}

}
