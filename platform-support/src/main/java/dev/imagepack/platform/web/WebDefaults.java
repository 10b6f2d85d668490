package dev.imagepack.platform.web;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The web defaults every service shares, added with the lowest precedence so that any
 * service, or its environment, can override them.
 * <p>
 * Spring Security's observations are off: they observe each filter of the chain on every
 * request, and under the lookup benchmark's load that cost about as much as the rest of a
 * request (the trivial endpoint made 12,800 req/s with them and 23,200 without, p99 22
 * against 11 ms; {@code bench/README.md}). The HTTP request observation, and with it the
 * request metrics, stays. {@code management.observations.enable.spring.security=true}
 * turns them on again.
 */
public class WebDefaults implements EnvironmentPostProcessor {

	/** Name of the property source that holds the defaults. */
	public static final String PROPERTY_SOURCE_NAME = "imagepackWebDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
					Map.of("management.observations.enable.spring.security", "false")));
	}

}
