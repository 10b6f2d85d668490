package dev.imagepack.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Dockerfile read into its stages and instructions: enough to check what a build would
 * do without a Docker engine. Continuation lines are joined; comments and parser
 * directives are left out.
 */
record Dockerfile(List<Stage> stages) {

	static Dockerfile parse(String text) {
		List<Stage> stages = new ArrayList<>();
		List<Instruction> current = null;
		String from = null;
		String name = null;
		StringBuilder logical = new StringBuilder();
		for (String line : text.split("\n", -1)) {
			String trimmed = line.strip();
			if (logical.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
				continue;
			}
			if (!logical.isEmpty() && trimmed.startsWith("#")) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			logical.append(trimmed);
			String instruction = logical.toString().strip();
			logical.setLength(0);
			int space = instruction.indexOf(' ');
			String keyword = instruction.substring(0, space).toUpperCase(Locale.ROOT);
			String arguments = instruction.substring(space + 1).strip();
			if (keyword.equals("FROM")) {
				if (current != null) {
					stages.add(new Stage(from, name, List.copyOf(current)));
				}
				String[] words = arguments.split("\\s+");
				from = words[0];
				name = (words.length == 3 && words[1].equalsIgnoreCase("AS")) ? words[2] : null;
				current = new ArrayList<>();
			}
			else if (current != null) {
				current.add(new Instruction(keyword, arguments));
			}
			else if (!keyword.equals("ARG")) {
				throw new IllegalArgumentException("Instruction before the first FROM: " + instruction);
			}
		}
		if (current != null) {
			stages.add(new Stage(from, name, List.copyOf(current)));
		}
		return new Dockerfile(List.copyOf(stages));
	}

	Stage stage(String name) {
		return this.stages.stream()
			.filter((stage) -> name.equals(stage.name()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No stage named " + name));
	}

	Stage last() {
		return this.stages.get(this.stages.size() - 1);
	}

	/**
	 * One build stage.
	 *
	 * @param from the image it starts from
	 * @param name its name, if it has one
	 * @param instructions what it does, in order
	 */
	record Stage(String from, String name, List<Instruction> instructions) {

		List<Instruction> all(String keyword) {
			return this.instructions.stream().filter((instruction) -> instruction.keyword().equals(keyword)).toList();
		}

		Optional<Instruction> only(String keyword) {
			List<Instruction> found = all(keyword);
			if (found.size() > 1) {
				throw new AssertionError("More than one " + keyword + " in stage " + this.name);
			}
			return found.stream().findFirst();
		}

		int indexOf(Instruction instruction) {
			return this.instructions.indexOf(instruction);
		}

	}

	/**
	 * One instruction.
	 *
	 * @param keyword FROM, RUN, COPY, ...
	 * @param arguments the rest of its logical line
	 */
	record Instruction(String keyword, String arguments) {

		/**
		 * The value of an option such as {@code --from=build}, if given.
		 */
		Optional<String> option(String option) {
			for (String word : this.arguments.split("\\s+")) {
				if (word.startsWith("--" + option + "=")) {
					return Optional.of(word.substring(option.length() + 3));
				}
			}
			return Optional.empty();
		}

		/**
		 * The words after the options.
		 */
		List<String> operands() {
			List<String> words = new ArrayList<>();
			for (String word : this.arguments.split("\\s+")) {
				if (words.isEmpty() && word.startsWith("--")) {
					continue;
				}
				words.add(word);
			}
			return words;
		}

	}

}
