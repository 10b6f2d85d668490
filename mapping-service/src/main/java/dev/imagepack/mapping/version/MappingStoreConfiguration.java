package dev.imagepack.mapping.version;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.imagepack.platform.store.RetiredIndex;

/**
 * What the mappings' store no longer holds.
 */
@Configuration(proxyBeanMethods = false)
class MappingStoreConfiguration {

	/**
	 * Kept by stores an earlier version created: an index of ID and revision, for the
	 * embedded store's sake, which now finds a document by its ID alone.
	 */
	@Bean
	RetiredIndex retiredMappingRevisionIndex() {
		return new RetiredIndex(MappingView.COLLECTION, "id_revision");
	}

}
