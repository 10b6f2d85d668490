package dev.imagepack.mapping.version;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class MappingUpdatesTests {

	@Test
	void aConditionalWriteNamesExactlyTheFieldsOfTheIdRevisionIndex() {
		PackageMapping stored = PackageMapping.empty("pkg-orders").withRevision(7);

		Document filter = MappingUpdates.asStored(stored);

		// A plain document of the two fields, not an $and of them, which the embedded
		// store answers by reading every package.
		assertThat(filter).containsExactly(entry("_id", "pkg-orders"), entry("revision", 7L));
	}

}
