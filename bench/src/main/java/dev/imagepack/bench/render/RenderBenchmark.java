package dev.imagepack.bench.render;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import dev.imagepack.mapping.template.ImageAssociation;
import dev.imagepack.mapping.template.RenderedTemplate;
import dev.imagepack.mapping.template.Resolution;
import dev.imagepack.mapping.template.Template;
import dev.imagepack.mapping.template.TemplateEngine;

/**
 * Rendering a ROS template for a region against a plain parse of the same text with the
 * same YAML parser and settings that the template reader uses. Rendering parses once with
 * positions, finds the image properties, checks the associations, resolves each one and
 * rewrites the literals; the resolver here answers at once, so what is measured is the
 * template work, not the lookups.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = { "-Xmx256m" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RenderBenchmark {

	private static final String REGION = "cn-shanghai";

	/** {@code web-stack}, {@code large}, or the path of a ROS YAML file. */
	@Param({ TemplateFixtures.WEB_STACK, TemplateFixtures.LARGE })
	public String template;

	private final TemplateEngine engine = new TemplateEngine();

	private String text = "";

	private Template parsed = Template.of("template.yaml", "{}");

	private Map<String, ImageAssociation> associations = Map.of();

	private final LoadSettings settings = LoadSettings.builder()
		.setLabel("template.yaml")
		.setSchema(new CoreSchema())
		.setCodePointLimit(64 * 1024 * 1024)
		.build();

	@Setup
	public void load() {
		this.text = TemplateFixtures.text(this.template);
		this.parsed = Template.of("template.yaml", this.text);
		Map<String, ImageAssociation> found = new LinkedHashMap<>();
		int index = 0;
		for (String literal : this.engine.validate(this.parsed).literals()) {
			found.put(literal, new ImageAssociation("pkg-bench" + index++, "1"));
		}
		if (found.isEmpty()) {
			throw new IllegalStateException("Template " + this.template + " has no literal image property to render");
		}
		this.associations = found;
		render();
	}

	@Benchmark
	public RenderedTemplate render() {
		return this.engine.render(this.parsed, this.associations, REGION, "isv-bench",
				(packageId, version, region, accountId) -> Resolution.image("m-uf6" + packageId.hashCode()));
	}

	@Benchmark
	public Node parse() {
		Composer composer = new Composer(this.settings,
				new ParserImpl(this.settings, new StreamReader(this.settings, this.text)));
		return composer.getSingleNode().orElseThrow();
	}

}
