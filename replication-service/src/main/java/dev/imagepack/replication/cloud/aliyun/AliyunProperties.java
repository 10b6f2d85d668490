package dev.imagepack.replication.cloud.aliyun;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the ECS adapter reaches Alibaba Cloud. The access key is bound like any other
 * property, so {@code IMAGEPACK_CLOUD_ALIYUN_ACCESS_KEY_ID} and
 * {@code IMAGEPACK_CLOUD_ALIYUN_ACCESS_KEY_SECRET} set it from the environment; both are
 * required, and the secret is never logged nor shown by {@link #toString()}.
 * <p>
 * The endpoint is either a host ({@code ecs.aliyuncs.com}), a host and port, or a URL
 * such as {@code http://127.0.0.1:8080}, whose scheme then replaces {@code protocol}.
 * Without it each region is called at its own ECS endpoint.
 *
 * @param accessKeyId the AccessKey ID of the platform's distribution account
 * @param accessKeySecret the AccessKey secret that goes with it
 * @param endpoint the ECS endpoint for every region, or null for the regional endpoints
 * @param protocol {@code https} or {@code http}
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for an answer
 */
@ConfigurationProperties("imagepack.cloud.aliyun")
public record AliyunProperties(String accessKeyId, String accessKeySecret, @Nullable String endpoint,
		@DefaultValue("https") String protocol, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("30s") Duration readTimeout) {

	private static final String PREFIX = "imagepack.cloud.aliyun.";

	public AliyunProperties {
		requireSet(accessKeyId, "access-key-id");
		requireSet(accessKeySecret, "access-key-secret");
		protocol = protocol.trim().toLowerCase(Locale.ROOT);
		if (endpoint != null && endpoint.isBlank()) {
			endpoint = null;
		}
		if (endpoint != null && endpoint.contains("://")) {
			URI uri = parse(endpoint);
			protocol = uri.getScheme().toLowerCase(Locale.ROOT);
			endpoint = uri.getRawAuthority();
		}
		if (!protocol.equals("https") && !protocol.equals("http")) {
			throw new IllegalArgumentException(PREFIX + "protocol must be https or http, not " + protocol);
		}
		requirePositive(connectTimeout, "connect-timeout");
		requirePositive(readTimeout, "read-timeout");
	}

	private static void requireSet(@Nullable String value, String property) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(PREFIX + property + " is required when imagepack.cloud.provider=aliyun"
					+ " (environment variable IMAGEPACK_CLOUD_ALIYUN_"
					+ property.replace('-', '_').toUpperCase(Locale.ROOT) + ")");
		}
	}

	private static void requirePositive(Duration timeout, String property) {
		if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(PREFIX + property + " must be positive, not " + timeout);
		}
	}

	private static URI parse(String endpoint) {
		try {
			URI uri = new URI(endpoint);
			String path = uri.getRawPath();
			if (uri.getScheme() == null || uri.getRawAuthority() == null
					|| (path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
				throw new IllegalArgumentException(
						PREFIX + "endpoint takes a host, host:port or URL without path, not " + endpoint);
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException(PREFIX + "endpoint is no URL: " + endpoint, ex);
		}
	}

	@Override
	public String toString() {
		return "AliyunProperties[accessKeyId=" + this.accessKeyId + ", accessKeySecret=******, endpoint="
				+ this.endpoint + ", protocol=" + this.protocol + ", connectTimeout=" + this.connectTimeout
				+ ", readTimeout=" + this.readTimeout + "]";
	}

}
