package dev.imagepack.mapping.template;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.imagepack.platform.problem.ApiProblem;

/**
 * Association was refused: an in-scope image property is not a static literal, or an
 * association names a literal the template does not hold. Every offender is named.
 */
public class TemplateNotAssociableException extends ApiProblem {

	private final List<Offender> offenders;

	/**
	 * Creates the refusal.
	 * @param offenders what prevents association, at least one
	 */
	public TemplateNotAssociableException(List<Offender> offenders) {
		super("template-not-associable", "Template cannot be associated", 422, detail(offenders),
				Map.of("offenders", offenders.stream().map(Offender::report).toList()));
		this.offenders = List.copyOf(offenders);
	}

	private static String detail(List<Offender> offenders) {
		return offenders.stream().map(Offender::message).collect(Collectors.joining("; "));
	}

	/**
	 * What prevents association.
	 * @return the offenders
	 */
	public List<Offender> offenders() {
		return this.offenders;
	}

	/**
	 * One reason association was refused.
	 *
	 * @param code {@code literal-not-found}, or the {@link NonLiteralReason#code() code}
	 * of why a property is not a literal
	 * @param message the offender, its location and the reason, for a person
	 * @param literal the associated literal that was not found, if that is the problem
	 * @param property the property that is not a literal, if that is the problem
	 */
	public record Offender(String code, String message, @Nullable String literal, @Nullable ImageProperty property) {

		static Offender notLiteral(ImageProperty property) {
			NonLiteralReason reason = property.reason();
			return new Offender((reason != null) ? reason.code() : "not-literal", property.explanation(), null,
					property);
		}

		static Offender notFound(String literal) {
			return new Offender("literal-not-found",
					"The associated literal '" + literal + "' is not the value of any image property in the template",
					literal, null);
		}

		/**
		 * The offender as the problem reports it, its property as a validation report
		 * does.
		 * @return the report
		 */
		public Report report() {
			return new Report(this.code, this.message, this.literal,
					(this.property != null) ? PropertyReport.of(this.property) : null);
		}

	}

	/**
	 * One offender as the problem reports it.
	 *
	 * @param code {@code literal-not-found}, or why a property is not a literal
	 * @param message the offender, its location and the reason, for a person
	 * @param literal the associated literal that was not found, if that is the problem
	 * @param property the property that is not a literal, if that is the problem
	 */
	public record Report(String code, String message, @Nullable String literal, @Nullable PropertyReport property) {

	}

}
