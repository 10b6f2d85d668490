package dev.imagepack.bench.render;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link RenderBenchmark} and prints, per template, renders and parses per second
 * and their cost ratio. Arguments: more templates (file paths) beside the fixtures.
 */
public final class RenderBench {

	private static final double TARGET = 1.5;

	private RenderBench() {
	}

	public static void main(String[] args) throws RunnerException {
		List<String> templates = new ArrayList<>(List.of(TemplateFixtures.WEB_STACK, TemplateFixtures.LARGE));
		templates.addAll(List.of(args));
		Options options = new OptionsBuilder().include(RenderBenchmark.class.getName())
			.param("template", templates.toArray(String[]::new))
			.build();
		Collection<RunResult> results = new Runner(options).run();
		Map<String, double[]> byTemplate = new LinkedHashMap<>();
		for (RunResult result : results) {
			String template = result.getParams().getParam("template");
			String method = result.getParams().getBenchmark().replaceAll(".*\\.", "");
			double score = result.getPrimaryResult().getScore();
			double[] scores = byTemplate.computeIfAbsent(template, (key) -> new double[2]);
			scores[method.equals("render") ? 0 : 1] = score;
		}
		System.out.println();
		System.out.printf("%-48s %8s %14s %14s %12s%n", "template", "KiB", "renders/s", "parses/s", "render/parse");
		for (Map.Entry<String, double[]> entry : byTemplate.entrySet()) {
			double renders = entry.getValue()[0];
			double parses = entry.getValue()[1];
			double ratio = parses / renders;
			int kib = TemplateFixtures.text(entry.getKey()).length() / 1024;
			System.out.printf("%-48s %8d %14.1f %14.1f %11.2fx  target <= %.1fx: %s%n", entry.getKey(), kib, renders,
					parses, ratio, TARGET, (ratio <= TARGET) ? "met" : "MISSED");
		}
	}

}
