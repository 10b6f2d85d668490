package dev.imagepack.permission.visibility.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import dev.imagepack.permission.visibility.PackageAccess;
import dev.imagepack.testsupport.ServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
class VisibilitySweepTests {

	@Autowired
	private MongoTemplate mongo;

	@Autowired
	private VisibilityEvents events;

	@Test
	void theSweepLeavesAVisibilityThatJustChangedToTheChangeThatIsSendingIt() {
		Instant now = Instant.now();
		String unique = "pkg-sweep-" + System.nanoTime();
		store(unique + "-just-changed", now.minusMillis(100));
		store(unique + "-left-unsent", now.minus(Duration.ofMinutes(1)));
		store(unique + "-from-before-change-times", null);

		List<String> swept = this.events.unpublishedFor(Duration.ofSeconds(5), now)
			.stream()
			.map(PackageAccess::getId)
			.filter((id) -> id.startsWith(unique))
			.toList();

		assertThat(swept).containsExactlyInAnyOrder(unique + "-left-unsent", unique + "-from-before-change-times");
	}

	private void store(String packageId, @Nullable Instant changedAt) {
		Document access = new Document("_id", packageId).append("version", 1L)
			.append("ownerAccountId", "isv-sweep")
			.append("deleted", false)
			.append("visibility",
					new Document("level", "PUBLIC").append("allowedAccountIds", List.of())
						.append("contributingServiceIds", List.of("svc-1"))
						.append("versionUsages", List.of()))
			.append("revision", 1L)
			.append("published", false);
		if (changedAt != null) {
			access.append("changedAt", Date.from(changedAt));
		}
		this.mongo.getCollection(this.mongo.getCollectionName(PackageAccess.class)).insertOne(access);
	}

}
