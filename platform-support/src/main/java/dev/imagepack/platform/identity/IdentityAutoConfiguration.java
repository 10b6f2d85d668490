package dev.imagepack.platform.identity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every service's identity: a stateless OAuth2 resource server that accepts JWT bearer
 * tokens, takes the account and roles from their claims and answers failures with problem
 * details. Health, the OpenAPI document and, when enabled, development tokens are open;
 * everything else needs a token.
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		afterName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet."
				+ "OAuth2ResourceServerAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityAutoConfiguration {

	private static final int MINIMUM_SECRET_BYTES = 32;

	@Bean
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	SecurityFilterChain identityFilterChain(HttpSecurity http, IdentityProperties properties, JsonMapper jsonMapper)
			throws Exception {
		ProblemResponses problems = new ProblemResponses(jsonMapper);
		List<String> open = new ArrayList<>(List.of("/actuator/health", "/actuator/health/**", "/actuator/info",
				"/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/error"));
		if (properties.devTokens()) {
			open.add("/dev/tokens");
		}
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> requests.requestMatchers(open.toArray(String[]::new))
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer(
					(server) -> server.jwt((jwt) -> jwt.jwtAuthenticationConverter(accountClaimConverter(properties)))
						.authenticationEntryPoint(problems)
						.accessDeniedHandler(problems))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
		return http.build();
	}

	/**
	 * Authenticates a request before the filter chain where the chain would let it
	 * through, with the chain's own parts; for endpoints whose work is so small that the
	 * chain would be most of their cost (see {@link RequestAuthenticator}). It
	 * authenticates nothing unless the chain is this configuration's.
	 */
	@Bean
	RequestAuthenticator requestAuthenticator(ApplicationContext context, List<SecurityFilterChain> chains,
			BearerTokenResolver tokens, JwtDecoder decoder, IdentityProperties properties) {
		HeaderWriterFilter headers = null;
		if (chains.size() == 1 && context.containsBean("identityFilterChain")) {
			headers = chains.get(0)
				.getFilters()
				.stream()
				.filter(HeaderWriterFilter.class::isInstance)
				.map(HeaderWriterFilter.class::cast)
				.findFirst()
				.orElse(null);
		}
		return new RequestAuthenticator(RequestHeaderChecks.firewall(), tokens, decoder,
				accountClaimConverter(properties), headers);
	}

	/**
	 * The bearer token resolver the resource server uses: Spring Security's default
	 * behaviour without its regular expression (see {@link RequestHeaderChecks}).
	 */
	@Bean
	@ConditionalOnMissingBean(BearerTokenResolver.class)
	BearerTokenResolver headerBearerTokenResolver() {
		return new RequestHeaderChecks.HeaderBearerTokenResolver();
	}

	/**
	 * Spring Security's strict firewall, with its header value check as a loop instead of
	 * a regular expression (see {@link RequestHeaderChecks}). A request it refuses (a
	 * path with {@code //}, {@code /./} or an encoded period, say) is answered 400 with
	 * the firewall's reason, which the problem written for it then carries.
	 */
	@Bean
	WebSecurityCustomizer headerValueFirewall() {
		return (web) -> web.httpFirewall(RequestHeaderChecks.firewall())
			.requestRejectedHandler((request, response, rejected) -> response
				.sendError(HttpServletResponse.SC_BAD_REQUEST, "The request was refused: " + rejected.getMessage()));
	}

	/**
	 * Leaves Spring Security's observation wrappers out when its observations are off
	 * ({@code management.observations.enable.spring.security=false}, the default of
	 * {@link dev.imagepack.platform.web.WebDefaults}). With the property alone the
	 * observations are no-ops, but every filter of the chain is still wrapped on every
	 * request: a tenth of what a request allocated under the lookup benchmark's load.
	 * @return settings that observe nothing
	 */
	@Bean
	@ConditionalOnMissingBean(SecurityObservationSettings.class)
	@ConditionalOnBooleanProperty(name = "management.observations.enable.spring.security", havingValue = false)
	static SecurityObservationSettings noSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	WebMvcConfigurer callerArgumentConfigurer() {
		return new WebMvcConfigurer() {

			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new CallerArgumentResolver());
			}

		};
	}

	/**
	 * Refuses signatures in other than canonical form and keeps verified tokens, for
	 * whichever decoder verifies them: this one or an identity provider's.
	 */
	@Bean
	static BeanPostProcessor verifiedTokensPostProcessor(ObjectProvider<IdentityProperties> properties,
			ObjectProvider<Clock> clock) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (!(bean instanceof JwtDecoder decoder) || bean instanceof VerifiedTokens) {
					return bean;
				}
				IdentityProperties identity = properties.getObject();
				return new VerifiedTokens(decoder, identity.verifiedTokenCache().toBytes(),
						identity.verifiedTokenLifetime(), clock.getIfAvailable(Clock::systemUTC));
			}

		};
	}

	@Bean
	@ConditionalOnMissingBean(JwtDecoder.class)
	JwtDecoder hmacJwtDecoder(IdentityProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(secretKey(properties.hmacSecret()))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		decoder.setJwtValidator(
				new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(properties.hmacIssuer()),
						new JwtClaimValidator<@Nullable Instant>(JwtClaimNames.EXP, Objects::nonNull)));
		return decoder;
	}

	/**
	 * The converter of the chain's resource server and of {@link RequestAuthenticator}
	 * alike.
	 */
	private static AccountClaimConverter accountClaimConverter(IdentityProperties properties) {
		return new AccountClaimConverter(properties.accountClaim(), properties.rolesClaim());
	}

	static SecretKey secretKey(@Nullable String secret) {
		if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MINIMUM_SECRET_BYTES) {
			throw new IllegalStateException("No way to verify bearer tokens: set imagepack.identity.hmac-secret "
					+ "(IMAGEPACK_IDENTITY_HMAC_SECRET, at least " + MINIMUM_SECRET_BYTES + " bytes) for HS256 tokens, "
					+ "or spring.security.oauth2.resourceserver.jwt.issuer-uri or jwk-set-uri for an identity provider");
		}
		return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
	}

	/**
	 * Development tokens, signed with the same HS256 secret the decoder verifies.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("imagepack.identity.dev-tokens")
	static class DevTokenConfiguration {

		@Bean
		DevTokenController devTokenController(IdentityProperties properties, ObjectProvider<Clock> clock) {
			JwtEncoder encoder = new NimbusJwtEncoder(new ImmutableSecret<>(secretKey(properties.hmacSecret())));
			return new DevTokenController(encoder, properties, clock.getIfAvailable(Clock::systemUTC));
		}

	}

}
