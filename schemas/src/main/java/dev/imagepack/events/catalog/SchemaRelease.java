package dev.imagepack.events.catalog;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
		// Read the history from the source folder that is written to, not from a build
		// output that may be stale.
		SchemaHistory released;
		try (URLClassLoader sources = new URLClassLoader(new URL[] { resources.toUri().toURL() }, null)) {
			released = SchemaHistory.load(SchemaHistory.DEFAULT_LOCATION, sources);
		}
		for (EventCatalog.EventType type : EventCatalog.types()) {
			List<Schema> versions = released.released(type.name());
			Schema current = type.schema();
			if (!versions.isEmpty() && versions.get(versions.size() - 1).equals(current)) {
				continue;
			}
			Path file = history.resolve(type.javaClass().getSimpleName())
				.resolve("v" + (versions.size() + 1) + ".avsc");
			Files.createDirectories(file.getParent());
			Files.writeString(file, current.toString(true) + "\n", StandardCharsets.UTF_8);
			System.out.println("Recorded " + module.relativize(file));
		}
	}

}
