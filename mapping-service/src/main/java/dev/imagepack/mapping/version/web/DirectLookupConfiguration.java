package dev.imagepack.mapping.version.web;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.imagepack.mapping.version.MappingLookups;
import dev.imagepack.mapping.version.web.MappingResponses.LookupResponse;
import dev.imagepack.platform.identity.RequestAuthenticator;

/**
 * Lookups answered ahead of the request observation and the security filter chain
 * ({@link DirectLookupFilter}); off with {@code imagepack.mapping.direct-lookups=false},
 * which leaves every lookup to the chain and MVC.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "imagepack.mapping.direct-lookups", matchIfMissing = true)
class DirectLookupConfiguration {

	/**
	 * Ahead of the request observation ({@code HIGHEST_PRECEDENCE + 1}), which cost a
	 * fifth of a direct lookup; beside the character encoding filter, which changes
	 * nothing a direct answer reads or writes.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

	@Bean
	FilterRegistrationBean<DirectLookupFilter> directLookupFilter(RequestAuthenticator authenticator,
			ObjectProvider<MappingLookups> lookups, JsonMapper jsonMapper, MeterRegistry meters) {
		FilterRegistrationBean<DirectLookupFilter> registration = new FilterRegistrationBean<>(
				new DirectLookupFilter(authenticator, lookups, jsonMapper.writerFor(LookupResponse.class), meters));
		registration.setOrder(ORDER);
		registration.addUrlPatterns("/v1/mappings/*");
		return registration;
	}

}
