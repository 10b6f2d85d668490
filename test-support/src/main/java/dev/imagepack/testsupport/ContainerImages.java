package dev.imagepack.testsupport;

/**
 * The images of the production-like deployment, as {@code docker-compose.yml} names them:
 * container suites run against the same Kafka and MongoDB versions.
 */
public final class ContainerImages {

	/** Apache Kafka, the version the build's Kafka clients and embedded broker have. */
	public static final String KAFKA = "apache/kafka:4.1.2";

	/** MongoDB's official image. */
	public static final String MONGO = "mongo:8.0";

	private ContainerImages() {
	}

}
