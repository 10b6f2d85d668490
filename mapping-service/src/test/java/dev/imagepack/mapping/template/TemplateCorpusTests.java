package dev.imagepack.mapping.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs every file of the third-party template corpus against the outcome its MANIFEST.md
 * expects. Opt-in: {@code -Dimagepack.template-corpus=
 *
<dir>
 * } or the environment variable {@code IMAGEPACK_TEMPLATE_CORPUS}; a relative path is
 * taken from the build's root.
 */
class TemplateCorpusTests {

	static final String PROPERTY = "imagepack.template-corpus";

	static final String VARIABLE = "IMAGEPACK_TEMPLATE_CORPUS";

	private static final Pattern SUBSTITUTE = Pattern.compile("SUBSTITUTE (\\d+)");

	/**
	 * Where this project decides differently from the manifest: file to the outcome it
	 * follows instead. The reasons are in the project's report; none is needed so far.
	 */
	private static final Map<String, String> DECISIONS = Map.of();

	private final TemplateEngine engine = new TemplateEngine();

	@Test
	void theCorpusHasAManifestAndFilesInBothFormats() throws IOException {
		Path corpus = corpus();

		assertThat(expectations(corpus.resolve("MANIFEST.md"))).isNotEmpty();
		assertThat(corpusFiles(corpus)).anyMatch((file) -> file.startsWith("ros/"))
			.anyMatch((file) -> file.startsWith("terraform/"));
	}

	@TestFactory
	Stream<DynamicTest> everyCorpusFileHasTheOutcomeTheManifestExpects() throws IOException {
		Path corpus = corpus();
		Map<String, String> expectations = expectations(corpus.resolve("MANIFEST.md"));
		assertThat(corpusFiles(corpus)).as("files in the corpus that the manifest lists")
			.containsExactlyInAnyOrderElementsOf(expectations.keySet());
		return expectations.entrySet()
			.stream()
			.map((entry) -> DynamicTest.dynamicTest(entry.getKey(), () -> check(corpus.resolve(entry.getKey()),
					DECISIONS.getOrDefault(entry.getKey(), entry.getValue()))));
	}

	@TestFactory
	Stream<DynamicTest> renderingAndSubstitutingBackGivesEveryCorpusFileBack() throws IOException {
		Path corpus = corpus();
		return corpusFiles(corpus).stream().map((file) -> DynamicTest.dynamicTest(file, () -> {
			Template template = Template.of(file, read(corpus.resolve(file)));
			RoundTrip.assertRoundTrip(this.engine, template);
		}));
	}

	@TestFactory
	Stream<DynamicTest> theSeedSampleRendersItsOneLiteralForEveryRegion() throws IOException {
		Path sample = corpus().resolveSibling("seed").resolve("sample-ros-template.yaml");
		Assumptions.assumeTrue(Files.isRegularFile(sample), "No seed sample beside the corpus at " + sample);
		String text = read(sample);
		Template template = Template.of("sample-ros-template.yaml", text);
		ValidationReport report = this.engine.validate(template);
		assertThat(report.properties()).singleElement().satisfies((property) -> {
			assertThat(property.resourceType()).isEqualTo("ALIYUN::ECS::InstanceGroup");
			assertThat(property.literal()).isEqualTo("centos_7");
		});
		ImageResolver regional = (packageId, version, region, accountId) -> Resolution.image(regionalImage(region));
		return Stream.of("cn-hangzhou", "cn-beijing", "ap-southeast-1", "eu-central-1")
			.map((region) -> DynamicTest.dynamicTest(region, () -> {
				RenderedTemplate rendered = this.engine.render(template,
						Map.of("centos_7", new ImageAssociation("seed", "1")), region, "1234", regional);
				assertThat(rendered.files().get(0).text())
					.isEqualTo(text.replace("ImageId: centos_7", "ImageId: " + regionalImage(region)));
			}));
	}

	private static String regionalImage(String region) {
		return "m-" + region.replace("-", "") + "0001";
	}

	private void check(Path path, String expectation) throws IOException {
		String name = path.getFileName().toString();
		String text = read(path);
		Template template = Template.of(name, text);
		ValidationReport report = this.engine.validate(template);
		Map<String, ImageAssociation> associations = RoundTrip.associateEveryLiteral(report);
		Matcher substitute = SUBSTITUTE.matcher(expectation);
		if (substitute.lookingAt()) {
			RenderedTemplate rendered = this.engine.render(template, associations, "cn-hangzhou", "1234",
					RoundTrip.RESOLVER);
			long changed = rendered.substitutions()
				.stream()
				.filter((substitution) -> !substitution.imageId().equals(substitution.property().literal()))
				.count();
			assertThat(changed).as("values changed").isEqualTo(Long.parseLong(substitute.group(1)));
			assertThat(rendered.files().get(0).text()).isNotEqualTo(text);
		}
		else if (expectation.startsWith("REJECT")) {
			NonLiteralReason expected = rejectionReason(expectation);
			assertThatExceptionOfType(TemplateNotAssociableException.class)
				.isThrownBy(() -> this.engine.associate(template, associations))
				.satisfies((ex) -> assertThat(ex.offenders()).extracting(TemplateNotAssociableException.Offender::code)
					.contains(expected.code()));
			assertThatExceptionOfType(TemplateNotAssociableException.class).isThrownBy(
					() -> this.engine.render(template, associations, "cn-hangzhou", "1234", RoundTrip.RESOLVER));
		}
		else if (expectation.startsWith("NO-OP")) {
			assertThat(report.isNothingToSubstitute()).isTrue();
			RenderedTemplate rendered = this.engine.render(template, Map.of(), "cn-hangzhou", "1234",
					RoundTrip.RESOLVER);
			assertThat(rendered.files().get(0).text()).isEqualTo(text);
			assertThat(rendered.substitutions()).isEmpty();
		}
		else {
			fail("No decision for the expectation '%s'", expectation);
		}
	}

	/** The reason a REJECT line states, in the words the manifest uses. */
	static NonLiteralReason rejectionReason(String expectation) {
		if (expectation.contains("conditional")) {
			return NonLiteralReason.CONDITIONAL;
		}
		if (expectation.contains("function")) {
			return NonLiteralReason.FUNCTION_CALL;
		}
		if (expectation.contains("var reference")) {
			return NonLiteralReason.VARIABLE;
		}
		if (expectation.contains("data reference")) {
			return NonLiteralReason.DATA;
		}
		if (expectation.contains("local")) {
			return NonLiteralReason.LOCAL;
		}
		if (expectation.contains("interpolation")) {
			return NonLiteralReason.INTERPOLATION;
		}
		if (expectation.contains("Ref")) {
			return NonLiteralReason.REF;
		}
		throw new IllegalArgumentException("No reason recognised in '" + expectation + "'");
	}

	/** File to expectation, from the manifest's tables. */
	static Map<String, String> expectations(Path manifest) throws IOException {
		Map<String, String> expectations = new LinkedHashMap<>();
		for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
			if (line.startsWith("| `")) {
				String[] cells = line.split("\\|");
				String file = cells[1].strip().replace("`", "");
				expectations.put(file, cells[5].strip());
			}
		}
		return expectations;
	}

	private static Set<String> corpusFiles(Path corpus) throws IOException {
		Set<String> files = new TreeSet<>();
		for (String directory : List.of("ros", "terraform")) {
			try (Stream<Path> paths = Files.list(corpus.resolve(directory))) {
				paths.filter(Files::isRegularFile).forEach((path) -> files.add(directory + "/" + path.getFileName()));
			}
		}
		return files;
	}

	static Path corpus() {
		String configured = setting();
		Assumptions.assumeTrue(configured != null,
				"The template corpus test is off; turn it on with -D" + PROPERTY
						+ "=<directory holding MANIFEST.md> (for example ./mvnw -B verify -D" + PROPERTY
						+ "=../shared/templates) or the environment variable " + VARIABLE);
		Path path = Path.of(configured);
		if (!path.isAbsolute()) {
			String root = System.getProperty("imagepack.build-root", "");
			path = (root.isBlank() ? Path.of("") : Path.of(root)).resolve(path);
		}
		path = path.toAbsolutePath().normalize();
		if (!Files.isRegularFile(path.resolve("MANIFEST.md"))) {
			fail("The template corpus was asked for with %s=%s, but %s holds no MANIFEST.md", PROPERTY, configured,
					path);
		}
		return path;
	}

	private static @Nullable String setting() {
		String property = System.getProperty(PROPERTY);
		if (property != null && !property.isBlank()) {
			return property.strip();
		}
		String variable = System.getenv(VARIABLE);
		return (variable != null && !variable.isBlank()) ? variable.strip() : null;
	}

	static String read(Path path) throws IOException {
		return Files.readString(path, StandardCharsets.UTF_8);
	}

}
