package dev.imagepack.mapping.bench;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.imagepack.mapping.bench.BaselineController.BaselineResponse;
import dev.imagepack.platform.identity.RequestAuthenticator;

/**
 * The trivial endpoint answered before the security filter chain, as lookups are; only
 * with {@code imagepack.bench.enabled}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("imagepack.bench.enabled")
class BenchConfiguration {

	@Bean
	FilterRegistrationBean<DirectBaselineFilter> directBaselineFilter(RequestAuthenticator authenticator,
			JsonMapper jsonMapper, MeterRegistry meters) {
		FilterRegistrationBean<DirectBaselineFilter> registration = new FilterRegistrationBean<>(
				new DirectBaselineFilter(authenticator, jsonMapper.writerFor(BaselineResponse.class), meters));
		// Where lookups are answered: ahead of the request observation.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.addUrlPatterns("/bench/direct/*");
		return registration;
	}

}
