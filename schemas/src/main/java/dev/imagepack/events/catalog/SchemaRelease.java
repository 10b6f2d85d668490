package dev.imagepack.events.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;

/**
 * Records every changed event schema as its next released version, after the
 * compatibility gate passed.
 * <p>
 * Run from the repository root with
 * {@code ./mvnw -q -pl schemas compile exec:java -Dexec.mainClass=dev.imagepack.events.catalog.SchemaRelease}.
 */
public final class SchemaRelease {

	private SchemaRelease() {
	}

	private static Path defaultModuleFolder() {
		Path fromRoot = Path.of("schemas");
		return Files.isDirectory(fromRoot.resolve("src/main/avro")) ? fromRoot : Path.of(".");
	}

	/**
	 * Writes the new versions into the module's history folder.
	 * @param args optionally the schemas module's folder; found from the working
	 * directory by default
	 * @throws IOException if a file cannot be written
	 */
	public static void main(String[] args) throws IOException {
		Path module = (args.length > 0) ? Path.of(args[0]) : defaultModuleFolder();
		Path resources = module.resolve("src/main/resources");
		Path history = resources.resolve(SchemaHistory.DEFAULT_LOCATION);
		SchemaHistory released = SchemaHistory.load(resources);
		List<EventCatalog.EventType> changed = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		for (EventCatalog.EventType type : EventCatalog.types()) {
			List<Schema> versions = released.released(type.name());
			Schema current = type.schema();
			if (!versions.isEmpty() && versions.get(versions.size() - 1).equals(current)) {
				continue;
			}
			List<Schema> withCurrent = new ArrayList<>(versions);
			withCurrent.add(current);
			problems.addAll(SchemaCompatibilityGate.check(current, withCurrent));
			changed.add(type);
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException("Nothing recorded: the change is not compatible with every released "
					+ "version:\n  " + String.join("\n  ", problems));
		}
		for (EventCatalog.EventType type : changed) {
			List<Schema> versions = released.released(type.name());
			Path file = history.resolve(type.javaClass().getSimpleName())
				.resolve("v" + (versions.size() + 1) + ".avsc");
			Files.createDirectories(file.getParent());
			Files.writeString(file, type.schema().toString(true) + "\n", StandardCharsets.UTF_8);
			System.out.println("Recorded " + module.relativize(file));
		}
	}

}
