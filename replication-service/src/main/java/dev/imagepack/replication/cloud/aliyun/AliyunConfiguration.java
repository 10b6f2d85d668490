package dev.imagepack.replication.cloud.aliyun;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The Alibaba Cloud ECS adapter, when {@code imagepack.cloud.provider=aliyun}. Its
 * settings are checked before any bean is created, so that a missing access key stops
 * startup with that reason rather than behind the failures of other beans, such as a
 * store that cannot be reached.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "imagepack.cloud.provider", havingValue = "aliyun")
@EnableConfigurationProperties(AliyunProperties.class)
class AliyunConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(AliyunConfiguration.class);

	@Bean
	static BeanFactoryPostProcessor aliyunPropertiesCheck(Environment environment) {
		return (beanFactory) -> Binder.get(environment).bindOrCreate("imagepack.cloud.aliyun", AliyunProperties.class);
	}

	@Bean
	AliyunEcsImages aliyunEcsImages(AliyunProperties properties) {
		logger.atInfo()
			.addKeyValue("endpoint", (properties.endpoint() != null) ? properties.endpoint() : "regional")
			.addKeyValue("protocol", properties.protocol())
			.log("Cloud provider: Alibaba Cloud ECS");
		return new AliyunEcsImages(properties);
	}

}
