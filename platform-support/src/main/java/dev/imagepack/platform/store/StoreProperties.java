package dev.imagepack.platform.store;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a service waits for its store.
 *
 * @param connectTimeout how long to wait for a connection to open
 * @param readTimeout how long to wait for the answer to a request; a slower answer fails
 * the request
 */
@ConfigurationProperties("imagepack.store")
public record StoreProperties(@DefaultValue("10s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout) {

	public StoreProperties {
		if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
				|| readTimeout.isZero()) {
			throw new IllegalArgumentException("imagepack.store.connect-timeout and read-timeout must be positive");
		}
	}

}
