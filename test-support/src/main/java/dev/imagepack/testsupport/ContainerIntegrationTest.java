package dev.imagepack.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * A whole service on a random port, as {@link ServiceIntegrationTest} gives it, but with
 * real Kafka and real MongoDB in containers ({@link ContainerImages}): a broker and a
 * database server of its own for each application context, stopped with it.
 * <p>
 * Suites that use it also carry {@code @Testcontainers(disabledWithoutDocker = true)}, so
 * that they are reported as skipped where no Docker engine answers, and extend the suite
 * that runs on the embedded default, so that both make the same assertions.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
public @interface ContainerIntegrationTest {

}
