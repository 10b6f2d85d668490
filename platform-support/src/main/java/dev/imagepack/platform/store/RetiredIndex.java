package dev.imagepack.platform.store;

import org.springframework.util.Assert;

/**
 * An index a service no longer creates. Declared as a bean, it is dropped from the
 * service's store when the service starts, wherever an earlier version left it: a stale
 * index costs every write that changes one of its fields, and a stale unique index can
 * refuse writes the service now means to make.
 *
 * @param collection the collection that holds it
 * @param name its name
 */
public record RetiredIndex(String collection, String name) {

	public RetiredIndex {
		Assert.hasText(collection, "collection must not be empty");
		Assert.hasText(name, "name must not be empty");
		Assert.isTrue(!"_id_".equals(name), "the index of IDs cannot be retired");
	}

}
