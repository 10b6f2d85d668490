package dev.imagepack.mapping.version.web;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.imagepack.mapping.version.MappingLookups;
import dev.imagepack.mapping.version.web.MappingResponses.LookupResponse;
import dev.imagepack.platform.identity.RequestAuthenticator;

/**
 * Lookups answered before the security filter chain ({@link DirectLookupFilter}); off
 * with {@code imagepack.mapping.direct-lookups=false}, which leaves every lookup to the
 * chain and MVC.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "imagepack.mapping.direct-lookups", matchIfMissing = true)
class DirectLookupConfiguration {

	/**
	 * Just before Spring Security's filter chain (order -100 by default), after the
	 * request observation and the request body limit.
	 */
	static final int ORDER = -101;

	@Bean
	FilterRegistrationBean<DirectLookupFilter> directLookupFilter(RequestAuthenticator authenticator,
			MappingLookups lookups, JsonMapper jsonMapper) {
		FilterRegistrationBean<DirectLookupFilter> registration = new FilterRegistrationBean<>(
				new DirectLookupFilter(authenticator, lookups, jsonMapper.writerFor(LookupResponse.class)));
		registration.setOrder(ORDER);
		registration.addUrlPatterns("/v1/mappings/*");
		return registration;
	}

}
