package dev.imagepack.events.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.jspecify.annotations.Nullable;

/**
 * Every released version of every event schema, so that events written by older code stay
 * readable.
 * <p>
 * Released versions live on the class path as {@code <location>/<EventName>/v<N>.avsc},
 * numbered from 1 without gaps, each a self-contained schema. A version, once released,
 * is never edited or removed.
 */
public final class SchemaHistory {

	/** Where the schemas module keeps its released versions on the class path. */
	public static final String DEFAULT_LOCATION = "dev/imagepack/events/history";

	private final Map<String, List<Schema>> released;

	private SchemaHistory(Map<String, List<Schema>> released) {
		this.released = released;
	}

	/**
	 * Loads the history the schemas module ships.
	 * @return the history
	 */
	public static SchemaHistory load() {
		return load(DEFAULT_LOCATION, SchemaHistory.class.getClassLoader());
	}

	/**
	 * Loads the history from a source folder rather than from the class path, whose build
	 * output may still hold a file that was deleted from the sources.
	 * @param resources the module's {@code src/main/resources}
	 * @return the history
	 */
	public static SchemaHistory load(Path resources) {
		try (URLClassLoader sources = new URLClassLoader(new URL[] { resources.toUri().toURL() }, null)) {
			return load(DEFAULT_LOCATION, sources);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the schema history under " + resources, ex);
		}
	}

	/**
	 * Loads a history from a class path location, probing each catalogue event for
	 * {@code v1}, {@code v2}, ...
	 * @param location the class path folder
	 * @param classLoader the class loader to read it with
	 * @return the history
	 */
	public static SchemaHistory load(String location, ClassLoader classLoader) {
		Map<String, List<Schema>> released = new LinkedHashMap<>();
		for (EventCatalog.EventType type : EventCatalog.types()) {
			String simpleName = type.javaClass().getSimpleName();
			List<Schema> versions = new ArrayList<>();
			for (int version = 1;; version++) {
				String path = location + "/" + simpleName + "/v" + version + ".avsc";
				Schema schema = read(classLoader, path);
				if (schema == null) {
					break;
				}
				versions.add(schema);
			}
			released.put(type.name(), List.copyOf(versions));
		}
		return new SchemaHistory(Map.copyOf(released));
	}

	private static @Nullable Schema read(ClassLoader classLoader, String path) {
		try (InputStream in = classLoader.getResourceAsStream(path)) {
			return (in != null) ? new Schema.Parser().parse(in) : null;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read released schema " + path, ex);
		}
	}

	/**
	 * The released versions of one event, oldest first.
	 * @param fullName the event's full Avro name
	 * @return the versions, empty if none was released
	 */
	public List<Schema> released(String fullName) {
		return this.released.getOrDefault(fullName, List.of());
	}

}
