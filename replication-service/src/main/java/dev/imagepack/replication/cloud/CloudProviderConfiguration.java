package dev.imagepack.replication.cloud;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Stops the service at startup, with the reason, when the configured cloud provider has
 * no adapter. The adapters are {@code simulator} (the default) and {@code aliyun}.
 */
@Configuration(proxyBeanMethods = false)
class CloudProviderConfiguration {

	@Bean
	@ConditionalOnExpression("!{'simulator', 'aliyun'}.contains('${imagepack.cloud.provider:simulator}'.toLowerCase())")
	CloudImages unavailableCloud(Environment environment) {
		throw new IllegalStateException(
				"imagepack.cloud.provider=" + environment.getProperty("imagepack.cloud.provider")
						+ " has no adapter in this build; use simulator or aliyun");
	}

}
