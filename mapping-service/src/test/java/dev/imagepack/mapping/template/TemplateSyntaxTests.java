package dev.imagepack.mapping.template;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class TemplateSyntaxTests {

	private final TemplateEngine engine = new TemplateEngine();

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			t.yaml    | 'Resources:\\n  A: [1, 2\\n  B: 3\\n'                    | 3 | 4
			t.json    | '{\\n  "Resources": {\\n    "A": 1,\\n  }\\n}'          | 4 | 3
			main.tf   | 'resource "a" "b" {\\n  image_id = "unclosed\\n}\\n'   | 2 | 14
			main.tf   | 'resource "a" "b" {\\n  image_id = "x"\\n'             | 3 | 1
			main.tf   | 'locals {\\n  a = <<EOT\\nnever closed\\n}\\n'         | 2 | 7
			main.tf   | '/* open\\nresource "a" "b" {}\\n'                     | 1 | 1
			main.tf   | 'resource "a" "b" {\\n  image_id = @\\n}\\n'           | 2 | 14
			x.tf.json | '{"resource": '                                      | 1 | 14
			main.tf   | 'locals {\n  a = "bad \\q escape"\n}\n'          | 2 | 12
			""")
	void aMalformedFileIsRefusedWithItsLineAndColumn(String name, String text, int line, int column) {
		Template template = Template.of(name, text.replace("\\n", "\n"));

		assertThatExceptionOfType(TemplateSyntaxException.class).isThrownBy(() -> this.engine.validate(template))
			.satisfies((ex) -> {
				assertThat(ex.file()).isEqualTo(name);
				assertThat(ex.line()).isEqualTo(line);
				assertThat(ex.column()).isEqualTo(column);
				assertThat(ex.status()).isEqualTo(400);
				assertThat(ex.getMessage()).startsWith(name + ":" + line + ":" + column + ": Not well-formed");
			});
	}

	@ParameterizedTest
	@CsvSource({ "t.yaml, 'Resources: ', [", "t.json, '{\"Resources\": ', [", "main.tf, 'locals {\n a = \"', '${\"'" })
	void nestingTooDeepIsRefusedAsASyntaxProblem(String name, String prefix, String repeated) {
		Template template = Template.of(name, prefix.replace("\\n", "\n") + repeated.repeat(20_000));

		assertThatExceptionOfType(TemplateSyntaxException.class).isThrownBy(() -> this.engine.validate(template))
			.satisfies((ex) -> assertThat(ex.file()).isEqualTo(name));
	}

	@Test
	void aMergeKeyThatMergesItsOwnMappingIsRefusedQuickly() {
		Template template = Template.of("t.yaml", """
				Resources:
				  Inst:
				    Type: ALIYUN::ECS::Instance
				    Properties: &p
				      InstanceType: ecs.g6.large
				      <<: *p
				""");

		assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> assertThatExceptionOfType(TemplateSyntaxException.class)
					.isThrownBy(() -> this.engine.validate(template))
					.satisfies((ex) -> assertThat(ex.getMessage()).contains("Merge keys repeat")));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			t.yaml    | 'Resources:\n  A:\n    Type: ALIYUN::ECS::Instance\nResources:\n  B: {}\n'
			t.yaml    | 'Resources:\n  A:\n    Type: ALIYUN::ECS::Instance\n    Properties: {ImageId: a, ImageId: b}\n'
			t.json    | '{"Resources": {"A": {}}, "Resources": {"B": {}}}'
			x.tf.json | '{"resource": {}, "resource": {}}'
			""")
	void aKeyThatAppearsTwiceInOneMappingIsRefused(String name, String text) {
		Template template = Template.of(name, text.replace("\\n", "\n"));

		assertThatExceptionOfType(TemplateSyntaxException.class).isThrownBy(() -> this.engine.validate(template))
			.satisfies((ex) -> assertThat(ex.file()).isEqualTo(name));
	}

	@Test
	void aTemplateWithMoreThanAThousandImagePropertiesIsRefused() {
		StringBuilder yaml = new StringBuilder("Resources:\n");
		for (int i = 0; i <= TemplateEngine.MAX_IMAGE_PROPERTIES; i++) {
			yaml.append("  R")
				.append(i)
				.append(":\n    Type: ALIYUN::ECS::Instance\n    Properties:\n")
				.append("      ImageId: img_")
				.append(i)
				.append('\n');
		}

		assertThatExceptionOfType(TemplateSyntaxException.class)
			.isThrownBy(() -> this.engine.validate(Template.of("t.yaml", yaml.toString())))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("more than 1000 image properties"));
	}

	@Test
	void rosAndTerraformFilesCannotBeMixed() {
		assertThatExceptionOfType(TemplateSyntaxException.class)
			.isThrownBy(() -> Template.of(Map.of("main.tf", "", "t.yaml", "")));
	}

	@Test
	void aRosTemplateIsOneFile() {
		assertThatExceptionOfType(TemplateSyntaxException.class)
			.isThrownBy(() -> new Template(List.of(TemplateFile.of("a.yaml", ""), TemplateFile.of("b.yaml", ""))));
	}

	@Test
	void anEmptyYamlFileHasNoImageProperties() {
		assertThat(this.engine.validate(Template.of("t.yaml", "# nothing yet\n")).properties()).isEmpty();
	}

	@Test
	void theFormatFollowsTheFileName() {
		assertThat(TemplateFormat.of("main.TF", "")).isEqualTo(TemplateFormat.TERRAFORM_HCL);
		assertThat(TemplateFormat.of("main.tf.json", "")).isEqualTo(TemplateFormat.TERRAFORM_JSON);
		assertThat(TemplateFormat.of("stack.json", "")).isEqualTo(TemplateFormat.ROS_JSON);
		assertThat(TemplateFormat.of("stack.yml", "")).isEqualTo(TemplateFormat.ROS_YAML);
		assertThat(TemplateFormat.of("template", "  {\"Resources\": {}}")).isEqualTo(TemplateFormat.ROS_JSON);
		assertThat(TemplateFormat.of("template", "Resources: {}")).isEqualTo(TemplateFormat.ROS_YAML);
	}

}
