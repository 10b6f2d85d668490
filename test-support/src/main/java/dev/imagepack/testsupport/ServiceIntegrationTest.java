package dev.imagepack.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A whole service on a random port, with a real embedded Kafka broker as its binder's
 * brokers and a fresh in-process MongoDB server as its store.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@InProcessMongo
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "spring.cloud.stream.kafka.binder.brokers")
public @interface ServiceIntegrationTest {

}
