package dev.imagepack.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a test's application context a fresh in-process MongoDB wire-protocol server,
 * registered as {@code spring.mongodb.uri} with the application's name as the database,
 * and shut down with the context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface InProcessMongo {

}
