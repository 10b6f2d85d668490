package dev.imagepack.platform.store;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Drops the {@link RetiredIndex retired indexes} a service declares.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration")
@ConditionalOnClass(MongoOperations.class)
public class RetiredIndexesAutoConfiguration {

	@Bean
	@ConditionalOnBean({ MongoOperations.class, RetiredIndex.class })
	RetiredIndexes retiredIndexes(MongoOperations mongo, ObjectProvider<RetiredIndex> retired) {
		return new RetiredIndexes(mongo, retired.orderedStream().toList());
	}

}
