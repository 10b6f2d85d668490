package dev.imagepack.mapping.template;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateRoundTripTests {

	private final TemplateEngine engine = new TemplateEngine();

	@ParameterizedTest
	@FieldSource("dev.imagepack.mapping.template.TemplateFixtures#ASSOCIABLE")
	void renderingThenSubstitutingTheLiteralsBackGivesTheInput(List<String> fixture) {
		RenderedTemplate rendered = RoundTrip.assertRoundTrip(this.engine, TemplateFixtures.template(fixture, false));

		assertThat(rendered.substitutions()).isNotEmpty();
	}

	@ParameterizedTest
	@FieldSource("dev.imagepack.mapping.template.TemplateFixtures#ASSOCIABLE")
	void theRoundTripHoldsWithCrlfLineEnds(List<String> fixture) {
		RenderedTemplate rendered = RoundTrip.assertRoundTrip(this.engine, TemplateFixtures.template(fixture, true));

		assertThat(rendered.substitutions()).isNotEmpty();
	}

}
