package dev.imagepack.mapping.template;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class TemplateValidationTests {

	private final TemplateEngine engine = new TemplateEngine();

	@Test
	void rosYamlReportsEveryImagePropertyWithTypeLiteralAndScope() {
		ValidationReport report = this.engine.validate(TemplateFixtures.template("ros/preserved.yaml"));

		assertThat(report.properties())
			.extracting(ImageProperty::resourceName, ImageProperty::resourceType, ImageProperty::literal,
					ImageProperty::inScope)
			.containsExactly(tuple("Web", "ALIYUN::ECS::Instance", "centos_7", true),
					tuple("Workers", "ALIYUN::ECS::InstanceGroup", "ubuntu_22", true),
					tuple("Clone", "ALIYUN::ECS::InstanceClone", "debian_12", true),
					tuple("Template", "ALIYUN::ECS::LaunchTemplate", "anolis_8", true),
					tuple("Scaling", "ALIYUN::ESS::ScalingConfiguration", "anolis_8", true),
					tuple("Group", "ALIYUN::ESS::ScalingGroup", "alinux_3", true),
					tuple("Hpc", "ALIYUN::EHPC::Cluster", "rocky_9", true),
					tuple("Copy", "ALIYUN::ECS::CopyImage", "centos_7", false));
	}

	@Test
	void rosYamlLocationsAreLineColumnAndJsonPointer() {
		ValidationReport report = this.engine.validate(TemplateFixtures.template("ros/preserved.yaml"));

		assertThat(report.properties()).first().satisfies((property) -> {
			assertThat(property.location()).isEqualTo("preserved.yaml:22:16");
			assertThat(property.path()).isEqualTo("/Resources/Web/Properties/ImageId");
		});
		assertThat(report.properties()).filteredOn(ImageProperty::resourceName, "Scaling")
			.extracting(ImageProperty::location)
			.as("an alias is reported where the alias is")
			.containsExactly("preserved.yaml:51:16");
	}

	@Test
	void parameterDefaultsAreNotImageProperties() {
		ValidationReport report = this.engine.validate(TemplateFixtures.template("ros/preserved.yaml"));

		assertThat(report.properties()).extracting(ImageProperty::path)
			.noneMatch((path) -> path.contains("Parameters"));
	}

	@Test
	void rosJsonReportsLiteralsAndIgnoresOtherTypes() {
		ValidationReport report = this.engine.validate(TemplateFixtures.template("ros/preserved.json"));

		assertThat(report.properties())
			.extracting(ImageProperty::resourceName, ImageProperty::literal, ImageProperty::inScope,
					ImageProperty::location)
			.containsExactly(tuple("Cache", "centos_7", true, "preserved.json:7:29"),
					tuple("Replicas", "ubuntu_22", true, "preserved.json:12:16"),
					tuple("Copy", "centos_7", false, "preserved.json:18:30"));
	}

	@Test
	void terraformFilesAreReportedTogetherWithFileNamesAndAddresses() {
		ValidationReport report = this.engine
			.validate(TemplateFixtures.template("terraform/module/main.tf", "terraform/module/images.tf"));

		assertThat(report.properties())
			.extracting(ImageProperty::location, ImageProperty::path, ImageProperty::literal, ImageProperty::inScope)
			.containsExactly(tuple("main.tf:19:19", "alicloud_instance.web.image_id", "centos_7", true),
					tuple("main.tf:33:60", "alicloud_ecs_launch_template.tpl.image_id", "ubuntu_22", true),
					tuple("main.tf:36:14", "alicloud_ecp_instance.phone.image_id", "centos_7", false),
					tuple("images.tf:3:14", "alicloud_ecs_instance_set.batch.image_id", "anolis_8", true),
					tuple("images.tf:8:22", "alicloud_ess_scaling_configuration.scale.image_id", "alinux_3", true),
					tuple("images.tf:12:14", "alicloud_launch_template.legacy.image_id", "rocky_9", true),
					tuple("images.tf:17:15", "module.fleet.image_id", "debian_12", true),
					tuple("images.tf:19:5", "module.fleet.image_ids[0]", "debian_12", true),
					tuple("images.tf:20:5", "module.fleet.image_ids[1]", "windows_2022", true));
	}

	@Test
	void terraformJsonReportsResourcesAndModuleListsWithJsonPointers() {
		ValidationReport report = this.engine.validate(TemplateFixtures.template("terraform/json/main.tf.json"));

		assertThat(report.properties()).extracting(ImageProperty::path, ImageProperty::literal, ImageProperty::inScope)
			.containsExactly(tuple("/resource/alicloud_instance/web/image_id", "centos_7", true),
					tuple("/resource/alicloud_ecp_instance/phone/image_id", "centos_7", false),
					tuple("/module/fleet/image_ids/0", "debian_12", true),
					tuple("/module/fleet/image_ids/1", "windows_2022", true));
	}

	@Test
	void theDistinctLiteralsAreListedInOrderOfAppearance() {
		ValidationReport report = this.engine.validate(TemplateFixtures.template("ros/preserved.yaml"));

		assertThat(report.literals()).containsExactly("centos_7", "ubuntu_22", "debian_12", "anolis_8", "alinux_3",
				"rocky_9");
	}

	@ParameterizedTest
	@FieldSource("dev.imagepack.mapping.template.TemplateFixtures#REJECTED")
	void aValueThatIsNotALiteralIsReportedWithItsReason(String fixture) {
		ValidationReport report = this.engine.validate(TemplateFixtures.template(fixture));

		assertThat(report.nonLiterals()).singleElement().satisfies((property) -> {
			assertThat(property.resourceName()).isIn("Offender", "offender");
			assertThat(property.reason()).extracting(NonLiteralReason::code)
				.isEqualTo(TemplateFixtures.reasonCode(fixture));
			assertThat(property.literal()).isNull();
			assertThat(property.expression()).isNotBlank();
		});
		assertThat(report.literals()).containsExactly("centos_7");
	}

	@Test
	void aTemplateWithoutImagePropertiesHasNothingToSubstitute() {
		ValidationReport report = this.engine.validate(Template.of("variables.tf", """
				variable "image_id" {
				  default = "centos_7"
				}
				"""));

		assertThat(report.isNothingToSubstitute()).isTrue();
		assertThat(report.properties()).isEmpty();
	}

	@Test
	void anOutOfScopeValueThatIsNotALiteralDoesNotCountAgainstTheTemplate() {
		ValidationReport report = this.engine.validate(Template.of("main.tf", """
				resource "alicloud_ecp_instance" "phone" {
				  image_id = var.phone_image
				}
				"""));

		assertThat(report.ignored()).singleElement()
			.extracting(ImageProperty::reason)
			.isEqualTo(NonLiteralReason.VARIABLE);
		assertThat(report.nonLiterals()).isEmpty();
	}

	@Test
	void anEmptyStringIsALiteral() {
		ValidationReport report = this.engine.validate(Template.of("main.tf", """
				resource "alicloud_ess_scaling_configuration" "scale" {
				  image_id = ""
				}
				"""));

		assertThat(report.inScope()).extracting(ImageProperty::literal).containsExactly("");
	}

	@Test
	void reasonsHaveStableCodes() {
		assertThat(List.of(NonLiteralReason.values())).extracting(NonLiteralReason::code)
			.doesNotHaveDuplicates()
			.allMatch((code) -> code.matches("[a-z]+(-[a-z]+)*"));
	}

}
