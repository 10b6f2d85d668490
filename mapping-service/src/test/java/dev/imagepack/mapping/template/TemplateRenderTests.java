package dev.imagepack.mapping.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.imagepack.mapping.template.ImageNotResolvedException.Unresolved;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

class TemplateRenderTests {

	private static final String REGION = "cn-shanghai";

	private static final String ACCOUNT = "1468000000000001";

	private final TemplateEngine engine = new TemplateEngine();

	/** Package {@code <name>} resolves to image {@code m-<name>}, in any region. */
	private final ImageResolver resolver = (packageId, version, region, accountId) -> Resolution
		.image("m-" + packageId);

	private static Map<String, ImageAssociation> associate(String... literalAndPackage) {
		Map<String, ImageAssociation> associations = new java.util.LinkedHashMap<>();
		for (int i = 0; i < literalAndPackage.length; i += 2) {
			associations.put(literalAndPackage[i], new ImageAssociation(literalAndPackage[i + 1], "1"));
		}
		return associations;
	}

	private String render(Template template, Map<String, ImageAssociation> associations, int file) {
		return this.engine.render(template, associations, REGION, ACCOUNT, this.resolver).files().get(file).text();
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void rosYamlChangesOnlyTheAssociatedValuesKeepingQuotingCommentsTagsAndLineEnds(boolean crlf) {
		Template template = TemplateFixtures.template(List.of("ros/preserved.yaml"), crlf);
		String input = template.files().get(0).text();

		String rendered = render(template, associate("centos_7", "web1", "ubuntu_22", "workers", "debian_12", "clone",
				"anolis_8", "shared", "alinux_3", "group", "rocky_9", "hpc"), 0);

		String expected = input.replace("ImageId: centos_7   #", "ImageId: m-web1   #")
			.replace("ImageId: 'ubuntu_22'", "ImageId: 'm-workers'")
			.replace("ImageId: \"debian_12\"", "ImageId: \"m-clone\"")
			.replace("ImageId: &shared anolis_8", "ImageId: &shared m-shared")
			.replace("ImageId: alinux_3", "ImageId: m-group")
			.replace("{ImageId: rocky_9,", "{ImageId: m-hpc,");
		assertThat(rendered).isEqualTo(expected);
		assertThat(rendered).contains("ImageId: *shared", "Default: centos_7", "echo \"ImageId: centos_7\"",
				"Type: ALIYUN::ECS::CopyImage\n    Properties:\n      ImageId: centos_7".replace("\n",
						crlf ? "\r\n" : "\n"),
				"- acs:example:Shop front: a plain scalar with a colon and a space, kept as it is");
		assertThat(rendered).doesNotEndWith("\n");
	}

	@Test
	void onlyTheAssociatedLiteralsChange() {
		Template template = TemplateFixtures.template("ros/preserved.yaml");
		String input = template.files().get(0).text();

		RenderedTemplate rendered = this.engine.render(template, associate("debian_12", "clone"), REGION, ACCOUNT,
				this.resolver);

		assertThat(rendered.files().get(0).text())
			.isEqualTo(input.replace("ImageId: \"debian_12\"", "ImageId: \"m-clone\""));
		assertThat(rendered.substitutions()).extracting((s) -> s.property().resourceName(), Substitution::imageId)
			.containsExactly(tuple("Clone", "m-clone"));
	}

	@Test
	void rosJsonKeepsEscapesTabsSpacingAndTheMissingFinalNewline() {
		Template template = TemplateFixtures.template("ros/preserved.json");
		String input = template.files().get(0).text();

		String rendered = render(template, associate("centos_7", "cache", "ubuntu_22", "replicas"), 0);

		assertThat(rendered).isEqualTo(input.replace("{\"ImageId\":\"centos_7\" ,", "{\"ImageId\":\"m-cache\" ,")
			.replace("\"ImageId\": \"ubuntu_22\"", "\"ImageId\": \"m-replicas\""));
		assertThat(rendered).contains("\"Properties\": {\"ImageId\": \"centos_7\"}");
	}

	@Test
	void terraformRendersEveryFileAndLeavesEscapesHeredocsAndOtherTypesAlone() {
		Template template = TemplateFixtures.template("terraform/module/main.tf", "terraform/module/images.tf");
		String main = template.files().get(0).text();
		String images = template.files().get(1).text();

		RenderedTemplate rendered = this.engine.render(template,
				associate("centos_7", "web", "ubuntu_22", "tpl", "debian_12", "fleet", "windows_2022", "win"), REGION,
				ACCOUNT, this.resolver);

		assertThat(rendered.files()).extracting(TemplateFile::name).containsExactly("main.tf", "images.tf");
		assertThat(rendered.files().get(0).text())
			.isEqualTo(main.replace("image_id      = \"centos_7\"", "image_id      = \"m-web\"")
				.replace("{ image_id = \"ubuntu_22\" }", "{ image_id = \"m-tpl\" }"));
		assertThat(rendered.files().get(1).text())
			.isEqualTo(images.replace("\"debian_12\"", "\"m-fleet\"").replace("\"windows_2022\"", "\"m-win\""));
		assertThat(rendered.substitutions()).hasSize(5);
	}

	@Test
	void terraformJsonKeepsOtherTemplatesAndEscapes() {
		Template template = TemplateFixtures.template("terraform/json/main.tf.json");
		String input = template.files().get(0).text();

		String rendered = render(template, associate("centos_7", "web", "windows_2022", "win", "debian_12", "deb"), 0);

		assertThat(rendered).isEqualTo(input.replace("\"image_id\": \"centos_7\",", "\"image_id\": \"m-web\",")
			.replace("[\"debian_12\", \"windows_2022\"]", "[\"m-deb\", \"m-win\"]"));
		assertThat(rendered).contains("{\"phone\": {\"image_id\": \"centos_7\"}}");
	}

	@Test
	void anAliasedLiteralIsRewrittenOnceAtItsAnchor() {
		Template template = Template.of("t.yaml", """
				Resources:
				  A:
				    Type: ALIYUN::ECS::Instance
				    Properties:
				      ImageId: &img centos_7
				  B:
				    Type: ALIYUN::ECS::InstanceGroup
				    Properties:
				      ImageId: *img
				""");

		RenderedTemplate rendered = this.engine.render(template, associate("centos_7", "base"), REGION, ACCOUNT,
				this.resolver);

		assertThat(rendered.files().get(0).text()).contains("ImageId: &img m-base\n").contains("ImageId: *img\n");
		assertThat(rendered.substitutions()).hasSize(2);
	}

	@Test
	void anImageIdBroughtInByAMergeKeyIsRewrittenAtItsAnchor() {
		Template template = Template.of("t.yaml", """
				Metadata:
				  Defaults: &defaults
				    ImageId: centos_7
				    InstanceType: ecs.g7.large
				Resources:
				  A:
				    Type: ALIYUN::ECS::Instance
				    Properties:
				      <<: *defaults
				  B:
				    Type: ALIYUN::ECS::Instance
				    Properties:
				      <<: [*defaults]
				      ImageId: ubuntu_22
				""");

		assertThat(this.engine.validate(template).properties())
			.extracting(ImageProperty::resourceName, ImageProperty::literal, ImageProperty::line)
			.containsExactly(tuple("A", "centos_7", 3), tuple("B", "ubuntu_22", 14));
		assertThat(render(template, associate("centos_7", "base"), 0)).contains("    ImageId: m-base\n")
			.contains("<<: *defaults\n");
	}

	@Test
	void aNewValueIsQuotedWhenThePlainStyleWouldChangeItsMeaning() {
		Template template = Template.of("t.yaml", """
				Resources:
				  A:
				    Type: ALIYUN::ECS::Instance
				    Properties:
				      ImageId: one
				  B:
				    Type: ALIYUN::ECS::Instance
				    Properties: {ImageId: two}
				  C:
				    Type: ALIYUN::ECS::Instance
				    Properties:
				      ImageId: 'three'
				""");
		ImageResolver odd = (packageId, version, region, accountId) -> Resolution.image(switch (packageId) {
			case "one" -> "yes";
			case "two" -> "a, b";
			default -> "it's";
		});

		String rendered = this.engine
			.render(template, associate("one", "one", "two", "two", "three", "three"), REGION, ACCOUNT, odd)
			.files()
			.get(0)
			.text();

		assertThat(rendered).contains("ImageId: 'yes'\n", "{ImageId: 'a, b'}", "ImageId: 'it''s'\n");
	}

	@Test
	void aNewValueIsEscapedForHclAndJsonTemplates() {
		Template template = Template.of(Map.of("main.tf", """
				resource "alicloud_instance" "a" {
				  image_id = "one"
				}
				"""));
		ImageResolver odd = (packageId, version, region, accountId) -> Resolution.image("m-${x}\"\\");

		String rendered = this.engine.render(template, associate("one", "one"), REGION, ACCOUNT, odd)
			.files()
			.get(0)
			.text();

		assertThat(rendered).contains("image_id = \"m-$${x}\\\"\\\\\"");
	}

	@Test
	void theResolverIsAskedForThePackageVersionRegionAndAccount() {
		List<String> asked = new ArrayList<>();
		Template template = TemplateFixtures.template("ros/preserved.json");

		this.engine.render(template, Map.of("centos_7", new ImageAssociation("cache", "draft")), "ap-southeast-1",
				ACCOUNT, (packageId, version, region, accountId) -> {
					asked.add(String.join(" ", packageId, version, region, accountId));
					return Resolution.image("m-x");
				});

		assertThat(asked).containsExactly("cache draft ap-southeast-1 " + ACCOUNT);
	}

	@Test
	void renderingIsAllOrNothingAndNamesEveryLiteralWithoutAnImage() {
		Template template = TemplateFixtures.template("ros/preserved.yaml");
		ImageResolver partly = (packageId, version, region, accountId) -> switch (packageId) {
			case "workers" -> Resolution.refused("region-not-distributed", "Version 1 is not distributed to " + region,
					Map.of("usableRegions", List.of("cn-hangzhou")));
			case "clone" -> Resolution.refused("version-not-visible", "Package clone is private");
			default -> Resolution.image("m-" + packageId);
		};

		assertThatExceptionOfType(ImageNotResolvedException.class).isThrownBy(() -> this.engine.render(template,
				associate("centos_7", "web", "ubuntu_22", "workers", "debian_12", "clone"), REGION, ACCOUNT, partly))
			.satisfies((ex) -> {
				assertThat(ex.unresolved()).extracting(Unresolved::literal, Unresolved::code)
					.containsExactly(tuple("ubuntu_22", "region-not-distributed"),
							tuple("debian_12", "version-not-visible"));
				assertThat(ex.unresolved()).extracting(Unresolved::details)
					.containsExactly(Map.of("usableRegions", List.of("cn-hangzhou")), Map.of());
				assertThat(ex.getMessage()).contains("'ubuntu_22'", "not distributed to " + REGION);
				assertThat(ex.properties()).containsEntry("region", REGION);
			});
	}

	@Test
	void aTemplateThatCannotBeAssociatedIsNotRendered() {
		Template template = TemplateFixtures.template("terraform/reject/variable.tf");

		assertThatExceptionOfType(TemplateNotAssociableException.class).isThrownBy(
				() -> this.engine.render(template, associate("centos_7", "web"), REGION, ACCOUNT, this.resolver));
	}

	@Test
	void nothingToSubstituteRendersTheInputUnchanged() {
		String text = "variable \"image_id\" {\r\n  default = \"centos_7\"\r\n}";
		Template template = Template.of("variables.tf", text);

		RenderedTemplate rendered = this.engine.render(template, Map.of(), REGION, ACCOUNT, this.resolver);

		assertThat(rendered.files().get(0).text()).isSameAs(text);
		assertThat(rendered.substitutions()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "t.yaml", "t.json", "main.tf", "main.tf.json" })
	void aByteOrderMarkIsKeptAndDoesNotShiftTheReplacedSpan(String name) {
		String body = switch (TemplateFormat.of(name, "")) {
			case ROS_YAML ->
				"Resources:\n  A:\n    Type: ALIYUN::ECS::Instance\n    Properties:\n      ImageId: centos_7\n";
			case ROS_JSON -> "{\"Resources\": {\"A\": {\"Type\": \"ALIYUN::ECS::Instance\", "
					+ "\"Properties\": {\"ImageId\": \"centos_7\"}}}}";
			case TERRAFORM_HCL -> "resource \"alicloud_instance\" \"a\" {\n  image_id = \"centos_7\"\n}\n";
			case TERRAFORM_JSON -> "{\"resource\": {\"alicloud_instance\": {\"a\": {\"image_id\": \"centos_7\"}}}}";
		};
		String text = "\uFEFF" + body;

		String rendered = render(Template.of(name, text), associate("centos_7", "web"), 0);

		assertThat(rendered).isEqualTo(text.replace("centos_7", "m-web"));
	}

	@Test
	void charactersOutsideTheBasicPlaneDoNotShiftTheReplacedSpan() {
		String text = "Description: 🚀🚀 launch\r\nResources:\r\n  A:\r\n    Type: ALIYUN::ECS::Instance\r\n"
				+ "    Properties: {Name: 名前🎉, ImageId: \"centos_7\"} # ✓";
		Template template = Template.of("t.yaml", text);

		String rendered = render(template, associate("centos_7", "web"), 0);

		assertThat(rendered).isEqualTo(text.replace("\"centos_7\"", "\"m-web\""));
	}

}
