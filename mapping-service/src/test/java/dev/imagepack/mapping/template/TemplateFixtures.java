package dev.imagepack.mapping.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The templates under {@code src/test/resources/templates}, read byte for byte.
 */
final class TemplateFixtures {

	/** The fixtures that hold only literals, one template per entry. */
	static final List<List<String>> ASSOCIABLE = List.of(List.of("ros/preserved.yaml"), List.of("ros/preserved.json"),
			List.of("terraform/module/main.tf", "terraform/module/images.tf"), List.of("terraform/json/main.tf.json"));

	/**
	 * One fixture per reason a value is not a literal; each file's name is the reason's
	 * code.
	 */
	static final List<String> REJECTED = List.of("ros/reject/ref.yaml", "ros/reject/ref.json",
			"ros/reject/find-in-map.yaml", "ros/reject/if.yaml", "ros/reject/sub.yaml", "ros/reject/function.yaml",
			"ros/reject/function.json", "ros/reject/short-form-tag.yaml", "ros/reject/block-scalar.yaml",
			"ros/reject/not-a-string.yaml", "terraform/reject/variable.tf", "terraform/reject/local.tf",
			"terraform/reject/data.tf", "terraform/reject/module.tf", "terraform/reject/function-call.tf",
			"terraform/reject/conditional.tf", "terraform/reject/interpolation.tf",
			"terraform/reject/interpolation.tf.json", "terraform/reject/heredoc.tf", "terraform/reject/expression.tf",
			"terraform/reject/not-a-string.tf");

	private TemplateFixtures() {
	}

	static String read(String path) {
		try (InputStream in = TemplateFixtures.class.getResourceAsStream("/templates/" + path)) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture " + path);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A template of fixtures, each file named by its last path segment. */
	static Template template(String... paths) {
		return template(List.of(paths), false);
	}

	/** A template of fixtures, with LF turned into CRLF if asked. */
	static Template template(List<String> paths, boolean crlf) {
		List<TemplateFile> files = new ArrayList<>();
		for (String path : paths) {
			String text = read(path);
			files.add(TemplateFile.of(name(path), crlf ? text.replace("\n", "\r\n") : text));
		}
		return new Template(files);
	}

	static String name(String path) {
		return path.substring(path.lastIndexOf('/') + 1);
	}

	/** The reason code a rejection fixture is named after. */
	static String reasonCode(String path) {
		String name = name(path);
		return name.substring(0, name.indexOf('.'));
	}

}
