package dev.imagepack.platform.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports whether the service reaches the Kafka cluster its bindings use, whether or not
 * a binding has started yet.
 */
class KafkaBrokerHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final Map<String, Object> connection;

	private volatile @Nullable Admin admin;

	KafkaBrokerHealthIndicator(Map<String, Object> connection) {
		super("Kafka cluster health check failed");
		this.connection = Map.copyOf(connection);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		DescribeClusterResult cluster = admin()
			.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
		Collection<Node> nodes = cluster.nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		builder.up()
			.withDetail("clusterId", cluster.clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
			.withDetail("nodes", nodes.size());
	}

	private Admin admin() {
		Admin admin = this.admin;
		if (admin == null) {
			synchronized (this) {
				admin = this.admin;
				if (admin == null) {
					Map<String, Object> configuration = new java.util.HashMap<>(this.connection);
					configuration.put(AdminClientConfig.CLIENT_ID_CONFIG, "health");
					configuration.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
					configuration.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
					admin = Admin.create(configuration);
					this.admin = admin;
				}
			}
		}
		return admin;
	}

	@Override
	public void destroy() {
		Admin admin = this.admin;
		if (admin != null) {
			admin.close(Duration.ofSeconds(1));
		}
	}

}
