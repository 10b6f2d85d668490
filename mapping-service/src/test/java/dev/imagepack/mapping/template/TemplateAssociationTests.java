package dev.imagepack.mapping.template;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import dev.imagepack.mapping.template.TemplateNotAssociableException.Offender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TemplateAssociationTests {

	private static final ImageAssociation WEB = new ImageAssociation("web-image", "draft");

	private final TemplateEngine engine = new TemplateEngine();

	@Test
	void everyLiteralOfATemplateCanBeAssociated() {
		Template template = TemplateFixtures.template("terraform/module/main.tf", "terraform/module/images.tf");

		ValidationReport report = this.engine.associate(template,
				Map.of("centos_7", WEB, "debian_12", new ImageAssociation("fleet", "3")));

		assertThat(report.nonLiterals()).isEmpty();
	}

	@Test
	void associatingNothingIsAccepted() {
		assertThat(this.engine.associate(TemplateFixtures.template("ros/preserved.yaml"), Map.of()).literals())
			.isNotEmpty();
	}

	@Test
	void aLiteralTheTemplateDoesNotHoldIsRefusedByName() {
		Template template = TemplateFixtures.template("ros/preserved.yaml");

		assertThatExceptionOfType(TemplateNotAssociableException.class)
			.isThrownBy(() -> this.engine.associate(template, Map.of("centos_7", WEB, "centos_8", WEB)))
			.satisfies((ex) -> {
				assertThat(ex.offenders()).extracting(Offender::code, Offender::literal)
					.containsExactly(org.assertj.core.api.Assertions.tuple("literal-not-found", "centos_8"));
				assertThat(ex.getMessage()).contains("'centos_8'");
				assertThat(ex.status()).isEqualTo(422);
			});
	}

	@Test
	void aLiteralOnlyOnAnIgnoredResourceCannotBeAssociated() {
		Template template = Template.of("main.tf", """
				resource "alicloud_ecp_instance" "phone" {
				  image_id = "android_12"
				}
				""");

		assertThatExceptionOfType(TemplateNotAssociableException.class)
			.isThrownBy(() -> this.engine.associate(template, Map.of("android_12", WEB)))
			.satisfies(
					(ex) -> assertThat(ex.offenders()).extracting(Offender::code).containsExactly("literal-not-found"));
	}

	@ParameterizedTest
	@FieldSource("dev.imagepack.mapping.template.TemplateFixtures#REJECTED")
	void aTemplateWithAValueThatIsNotALiteralIsRefusedNamingTheOffenderAndWhere(String fixture) {
		Template template = TemplateFixtures.template(fixture);
		ImageProperty offender = this.engine.validate(template).nonLiterals().get(0);

		assertThatExceptionOfType(TemplateNotAssociableException.class)
			.isThrownBy(() -> this.engine.associate(template, Map.of("centos_7", WEB)))
			.satisfies((ex) -> {
				assertThat(ex.offenders()).singleElement().satisfies((entry) -> {
					assertThat(entry.code()).isEqualTo(TemplateFixtures.reasonCode(fixture));
					assertThat(entry.property()).isEqualTo(offender);
				});
				assertThat(ex.getMessage()).contains(offender.location()).contains(offender.path());
			});
	}

	@Test
	void everyOffenderIsNamed() {
		Template template = Template.of("main.tf", """
				resource "alicloud_instance" "a" {
				  image_id = var.a
				}
				resource "alicloud_instance" "b" {
				  image_id = local.b
				}
				""");

		assertThatExceptionOfType(TemplateNotAssociableException.class)
			.isThrownBy(() -> this.engine.associate(template, Map.of("centos_7", WEB)))
			.satisfies((ex) -> assertThat(ex.offenders()).extracting(Offender::code)
				.containsExactly("variable", "local", "literal-not-found"));
	}

	@Test
	void anAssociationNamesAPackageAndADraftOrNumberedVersion() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ImageAssociation("web", "latest"));
		assertThatIllegalArgumentException().isThrownBy(() -> new ImageAssociation(" ", "1"));
		assertThat(new ImageAssociation("web", "12").version()).isEqualTo("12");
	}

}
