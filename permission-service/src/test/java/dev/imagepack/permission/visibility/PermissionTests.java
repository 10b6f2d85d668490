package dev.imagepack.permission.visibility;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.imagepack.events.ImageContent;
import dev.imagepack.events.ImageType;
import dev.imagepack.events.PackageDeleted;
import dev.imagepack.events.PackageVersionRef;
import dev.imagepack.events.PackageVisibility;
import dev.imagepack.events.PackageVisibilityChanged;
import dev.imagepack.events.ServiceStatus;
import dev.imagepack.events.ServiceVisibility;
import dev.imagepack.events.ServiceVisibilityChanged;
import dev.imagepack.events.VersionDeleted;
import dev.imagepack.events.VersionSaved;
import dev.imagepack.events.kafka.CloudEventAttributes;
import dev.imagepack.testsupport.OpenApiDocuments;
import dev.imagepack.testsupport.EventTestClient;
import dev.imagepack.testsupport.ServiceApi;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared by {@link PermissionOnEmbeddedPlatformTests}, on the embedded broker and store,
 * and {@link PermissionOnContainersTests}, on real Kafka and MongoDB in containers.
 */
abstract class PermissionTests {

	@Value("${local.server.port}")
	private int port;

	@Value("${spring.cloud.stream.kafka.binder.brokers}")
	private String brokers;

	@Autowired
	private MongoTemplate mongo;

	@Autowired
	private Permissions permissions;

	private EventTestClient events;

	private String isv;

	private String packageId;

	@BeforeEach
	void setUp() {
		this.events = new EventTestClient(this.brokers);
		long unique = System.nanoTime();
		this.isv = "isv-" + unique;
		this.packageId = "pkg-" + unique;
	}

	@AfterEach
	void tearDown() {
		this.events.close();
	}

	@Test
	void aPublicServiceMakesItsPackagePublicWithOneEvent() {
		try (EventTestClient.TopicReader visibility = this.events.read("permission-events")) {
			this.events.publish(saved(this.packageId, this.isv));
			this.events.publish(service("svc-a-" + this.packageId, this.isv, ServiceVisibility.PUBLIC, List.of(), 1,
					ServiceStatus.ACTIVE, this.packageId));

			PackageVisibilityChanged changed = awaitVisibility(visibility, 1);

			assertThat(changed.getVisibility()).isEqualTo(PackageVisibility.PUBLIC);
			assertThat(changed.getOwnerAccountId()).isEqualTo(this.isv);
			assertThat(changed.getContributingServiceIds()).containsExactly("svc-a-" + this.packageId);
			assertThat(changed.getVersionUsages().get(0).getVersion()).isEqualTo("1");
			assertThat(ofPackage(visibility.readFor(Duration.ofSeconds(1)))).hasSize(1);
		}
		ServiceApi owner = ServiceApi.as(this.port, this.isv);
		JsonNode shown = owner.get("/v1/packages/" + this.packageId + "/visibility").json();
		assertThat(shown.get("level").asString()).isEqualTo("PUBLIC");
		assertThat(ServiceApi.as(this.port, "customer-1")
			.get("/v1/packages/" + this.packageId + "/access")
			.json()
			.get("allowed")
			.asBoolean()).isTrue();
	}

	@Test
	void aWhitelistCarriesOverAndTheOwnerAlwaysPasses() {
		this.events.publish(saved(this.packageId, this.isv));
		this.events.publish(service("svc-w-" + this.packageId, this.isv, ServiceVisibility.PRIVATE,
				List.of("customer-1"), 1, ServiceStatus.ACTIVE, this.packageId));
		ServiceApi operator = ServiceApi.as(this.port, "ops-1", "operator");

		// Until the package's owner is known its visibility answers 404, a problem
		// without a level: asked again.
		await().untilAsserted(() -> assertThat(
				operator.get("/v1/packages/" + this.packageId + "/visibility").json().path("level").asString())
			.isEqualTo("WHITELIST"));

		assertThat(allowed(operator, "customer-1")).isTrue();
		assertThat(allowed(operator, "customer-2")).isFalse();
		assertThat(allowed(operator, this.isv)).isTrue();
	}

	@Test
	void anAssociationWaitsUntilThePackageOwnerIsKnown() {
		try (EventTestClient.TopicReader visibility = this.events.read("permission-events")) {
			this.events.publish(service("svc-early-" + this.packageId, this.isv, ServiceVisibility.PUBLIC, List.of(), 1,
					ServiceStatus.ACTIVE, this.packageId));
			await().until(() -> this.mongo.exists(Query.query(Criteria.where("_id").is("svc-early-" + this.packageId)),
					ServiceRecord.class));
			assertThat(ofPackage(visibility.readFor(Duration.ofSeconds(1)))).isEmpty();
			assertThat(allowed(ServiceApi.as(this.port, "ops-1", "operator"), "customer-1")).isFalse();

			this.events.publish(saved(this.packageId, this.isv));

			assertThat(awaitVisibility(visibility, 1).getVisibility()).isEqualTo(PackageVisibility.PUBLIC);
		}
	}

	@Test
	void anAssociationOfAForeignPackageIsRejectedAndDeadLettered() {
		String intruder = "svc-intruder-" + this.packageId;
		try (EventTestClient.TopicReader deadLetters = this.events
			.read("error.service-visibility-events.permission-service")) {
			this.events.publish(saved(this.packageId, this.isv));
			this.events.publish(service(intruder, "isv-other", ServiceVisibility.PUBLIC, List.of(), 1,
					ServiceStatus.ACTIVE, this.packageId));

			List<ConsumerRecord<String, SpecificRecord>> dead = deadLetters.awaitRecords(1,
					(record) -> intruder.equals(record.key()));

			String reason = new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(),
					StandardCharsets.UTF_8);
			assertThat(reason).contains(intruder).contains("isv-other").contains(this.packageId);
		}
		await().until(
				() -> !this.mongo.find(Query.query(Criteria.where("serviceId").is(intruder)), RejectedAssociation.class)
					.isEmpty());
		RejectedAssociation rejected = this.mongo
			.find(Query.query(Criteria.where("serviceId").is(intruder)), RejectedAssociation.class)
			.get(0);
		assertThat(rejected.packageId()).isEqualTo(this.packageId);
		assertThat(rejected.serviceOwnerAccountId()).isEqualTo("isv-other");
		assertThat(this.permissions.find(this.packageId).orElseThrow().getVisibility()).isEqualTo(Visibility.PRIVATE);
	}

	@Test
	void anOlderRevisionIsIgnoredAndAnEqualOneIsADuplicate() {
		String serviceId = "svc-order-" + this.packageId;
		try (EventTestClient.TopicReader visibility = this.events.read("permission-events")) {
			this.events.publish(saved(this.packageId, this.isv));
			this.events.publish(service(serviceId, this.isv, ServiceVisibility.PUBLIC, List.of(), 5,
					ServiceStatus.ACTIVE, this.packageId));
			this.events.publish(service(serviceId, this.isv, ServiceVisibility.PRIVATE, List.of(), 4,
					ServiceStatus.ACTIVE, this.packageId));
			this.events.publish(service(serviceId, this.isv, ServiceVisibility.PRIVATE, List.of(), 5,
					ServiceStatus.ACTIVE, this.packageId));

			awaitVisibility(visibility, 1);
			assertThat(ofPackage(visibility.readFor(Duration.ofSeconds(2)))).hasSize(1);
		}
		assertThat(this.permissions.find(this.packageId).orElseThrow().getVisibility().level()).isEqualTo("PUBLIC");
		assertThat(this.mongo.findById(serviceId, ServiceRecord.class).revision()).isEqualTo(5);
	}

	@Test
	void aDuplicateFinishesWhatAnInterruptedChangeLeftUndone() {
		String serviceId = "svc-interrupted-" + this.packageId;
		this.permissions.packageSeen(this.packageId, this.isv);
		ServiceVisibilityChanged event = service(serviceId, this.isv, ServiceVisibility.PUBLIC, List.of(), 3,
				ServiceStatus.ACTIVE, this.packageId);
		// As a crash leaves it: the service stored, its package not derived yet.
		this.mongo.save(new org.bson.Document("_id", serviceId).append("revision", 3L)
			.append("packageIds", List.of(this.packageId)), "pending_derivations");
		this.mongo.save(new ServiceRecord(serviceId, this.isv, "PUBLIC", List.of(),
				List.of(new ServiceRecord.PackageVersionRef(this.packageId, "1")), true, 3, Instant.now()));
		assertThat(this.permissions.find(this.packageId).orElseThrow().getVisibility().level()).isEqualTo("PRIVATE");

		this.events.publish(event);

		await()
			.until(() -> this.permissions.find(this.packageId).orElseThrow().getVisibility().level().equals("PUBLIC"));
	}

	@Test
	void aChangeThatLeavesTheVisibilityAsItWasEmitsNothing() {
		String serviceId = "svc-same-" + this.packageId;
		try (EventTestClient.TopicReader visibility = this.events.read("permission-events")) {
			this.events.publish(saved(this.packageId, this.isv));
			this.events.publish(service(serviceId, this.isv, ServiceVisibility.PUBLIC, List.of(), 1,
					ServiceStatus.ACTIVE, this.packageId));
			awaitVisibility(visibility, 1);

			this.events.publish(service(serviceId, this.isv, ServiceVisibility.PUBLIC, List.of(), 2,
					ServiceStatus.ACTIVE, this.packageId));
			await().until(() -> this.mongo.findById(serviceId, ServiceRecord.class).revision() == 2);

			assertThat(ofPackage(visibility.readFor(Duration.ofSeconds(1)))).hasSize(1);
		}
	}

	@Test
	void aDeletedServiceDropsItsAssociations() {
		String serviceId = "svc-deleted-" + this.packageId;
		try (EventTestClient.TopicReader visibility = this.events.read("permission-events")) {
			this.events.publish(saved(this.packageId, this.isv));
			this.events.publish(service(serviceId, this.isv, ServiceVisibility.PUBLIC, List.of(), 1,
					ServiceStatus.ACTIVE, this.packageId));
			awaitVisibility(visibility, 1);

			this.events.publish(service(serviceId, this.isv, ServiceVisibility.PUBLIC, List.of(), 2,
					ServiceStatus.DELETED, this.packageId));

			PackageVisibilityChanged second = awaitVisibility(visibility, 2);
			assertThat(second.getVisibility()).isEqualTo(PackageVisibility.PRIVATE);
			assertThat(second.getRevision()).isEqualTo(2);
			assertThat(second.getContributingServiceIds()).isEmpty();
			assertThat(second.getVersionUsages()).isEmpty();
		}
	}

	@Test
	void aDeletedPackageIsForgotten() {
		this.events.publish(saved(this.packageId, this.isv));
		this.events.publish(service("svc-forget-" + this.packageId, this.isv, ServiceVisibility.PUBLIC, List.of(), 1,
				ServiceStatus.ACTIVE, this.packageId));
		await().until(() -> this.permissions.find(this.packageId)
			.map((found) -> found.getVisibility().level().equals("PUBLIC"))
			.orElse(false));

		this.events.publish(PackageDeleted.newBuilder()
			.setPackageId(this.packageId)
			.setOwnerAccountId(this.isv)
			.setDeletedAt(Instant.now())
			.build());
		await().until(() -> this.permissions.find(this.packageId).isEmpty());
		this.events.publish(saved(this.packageId, this.isv));

		ServiceApi owner = ServiceApi.as(this.port, this.isv);
		assertThat(owner.get("/v1/packages/" + this.packageId + "/visibility").status()).isEqualTo(404);
		assertThat(allowed(ServiceApi.as(this.port, "ops-1", "operator"), "customer-1")).isFalse();
		await().during(Duration.ofMillis(500)).until(() -> this.permissions.find(this.packageId).isEmpty());
	}

	@Test
	void anotherAccountSeesNoVisibilityAndMayCheckOnlyItself() {
		this.events.publish(saved(this.packageId, this.isv));
		ServiceApi owner = ServiceApi.as(this.port, this.isv);
		await().until(() -> owner.get("/v1/packages/" + this.packageId + "/visibility").status() == 200);
		ServiceApi stranger = ServiceApi.as(this.port, "isv-stranger");

		assertThat(stranger.get("/v1/packages/" + this.packageId + "/visibility").status()).isEqualTo(404);
		assertThat(stranger.get("/v1/packages/" + this.packageId + "/access?accountId=" + this.isv).status())
			.isEqualTo(403);
		assertThat(stranger.get("/v1/packages/" + this.packageId + "/access").json().get("allowed").asBoolean())
			.isFalse();
		assertThat(owner.get("/v1/packages/" + this.packageId + "/access?accountId=bad%20id").status()).isEqualTo(400);
	}

	@Test
	void aPackageEventWithoutItsEventIdIsDeadLetteredAndNotApplied() {
		try (EventTestClient.TopicReader deadLetters = this.events.read("error.package-events.permission-service")) {
			this.events.publishWithout(saved(this.packageId, this.isv), CloudEventAttributes.ID);

			List<ConsumerRecord<String, SpecificRecord>> dead = deadLetters.awaitRecords(1,
					(record) -> this.packageId.equals(record.key()));

			assertThat(
					new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
				.contains(CloudEventAttributes.ID);
		}
		assertThat(this.permissions.find(this.packageId)).isEmpty();
	}

	@Test
	void aVersionDeletedWithAVersionNumberTheOtherConsumersRefuseIsDeadLetteredAndNotApplied() {
		VersionDeleted deleted = VersionDeleted.newBuilder()
			.setPackageId(this.packageId)
			.setOwnerAccountId(this.isv)
			.setVersionNumber(-5)
			.setDeletedAt(Instant.now())
			.build();
		assertDeadLetteredAndNotApplied(deleted, "A published version number is at least 1, not -5");
	}

	@Test
	void aVersionSavedWhoseImageTheOtherConsumersRefuseIsDeadLetteredAndNotApplied() {
		VersionSaved valid = saved(this.packageId, this.isv);
		VersionSaved saved = VersionSaved.newBuilder(valid)
			.setContent(ImageContent.newBuilder(valid.getContent()).setSourceImageId(null).build())
			.build();
		assertDeadLetteredAndNotApplied(saved, "sourceImageId of a CUSTOM image");
	}

	private void assertDeadLetteredAndNotApplied(SpecificRecord event, String reason) {
		try (EventTestClient.TopicReader deadLetters = this.events.read("error.package-events.permission-service")) {
			this.events.publish(event);

			List<ConsumerRecord<String, SpecificRecord>> dead = deadLetters.awaitRecords(1,
					(record) -> this.packageId.equals(record.key()));

			assertThat(
					new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
				.contains(reason);
		}
		assertThat(this.permissions.find(this.packageId)).isEmpty();
	}

	@Test
	void aPackageEventWhoseTypeHeaderNamesAnotherTypeIsDeadLetteredAndNotApplied() {
		try (EventTestClient.TopicReader deadLetters = this.events.read("error.package-events.permission-service")) {
			this.events.publishTypedAs(saved(this.packageId, this.isv), "dev.imagepack.events.PackageDeleted");

			List<ConsumerRecord<String, SpecificRecord>> dead = deadLetters.awaitRecords(1,
					(record) -> this.packageId.equals(record.key()));

			assertThat(
					new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
				.contains(
						"ce_type, 'dev.imagepack.events.PackageDeleted', is not the type of the event its value holds");
		}
		assertThat(this.permissions.find(this.packageId)).isEmpty();
	}

	@Test
	void aServiceEventThatCannotDescribeAServiceIsDeadLettered() {
		String serviceId = "svc-bad-" + this.packageId;
		try (EventTestClient.TopicReader deadLetters = this.events
			.read("error.service-visibility-events.permission-service")) {
			ServiceVisibilityChanged bad = service(serviceId, this.isv, ServiceVisibility.PUBLIC, List.of(), 1,
					ServiceStatus.ACTIVE, this.packageId);
			bad.getPackageVersions().set(0, new PackageVersionRef(this.packageId, "latest; drop"));
			this.events.publish(bad);

			List<ConsumerRecord<String, SpecificRecord>> dead = deadLetters.awaitRecords(1,
					(record) -> serviceId.equals(record.key()));

			assertThat(
					new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
				.contains("draft");
		}
	}

	@Test
	void theDevelopmentCataloguePublishesServicesForOperatorsOnly() {
		this.events.publish(saved(this.packageId, this.isv));
		ServiceApi operator = ServiceApi.as(this.port, "ops-1", "operator");
		Map<String, Object> body = Map.of("ownerAccountId", this.isv, "visibility", "PUBLIC", "packageVersions",
				List.of(Map.of("packageId", this.packageId, "version", "draft")));

		ServiceApi.Response refused = ServiceApi.as(this.port, this.isv)
			.send("PUT", "/dev/catalogue/services/svc-cat-" + this.packageId, body, Map.of());
		ServiceApi.Response published = operator.send("PUT", "/dev/catalogue/services/svc-cat-" + this.packageId, body,
				Map.of());

		assertThat(refused.status()).isEqualTo(403);
		assertThat(published.status()).as(published.body()).isEqualTo(202);
		await().untilAsserted(() -> assertThat(allowed(operator, "customer-9")).isTrue());
	}

	@Test
	void theDevelopmentCatalogueRefusesWhatItsConsumerWouldDeadLetter() {
		ServiceApi operator = ServiceApi.as(this.port, "ops-1", "operator");
		List<Map<String, Object>> bodies = List.of(Map.of("ownerAccountId", "draft; drop", "visibility", "PUBLIC"),
				Map.of("ownerAccountId", this.isv, "packageVersions",
						List.of(Map.of("packageId", "pkg with space", "version", "1"))),
				Map.of("ownerAccountId", this.isv, "packageVersions",
						List.of(Map.of("packageId", this.packageId, "version", "0"))),
				Map.of("ownerAccountId", this.isv, "whitelistAccountIds", List.of("b a d")));

		for (Map<String, Object> body : bodies) {
			ServiceApi.Response refused = operator.send("PUT", "/dev/catalogue/services/svc-refused", body, Map.of());

			assertThat(refused.status()).as(body.toString()).isEqualTo(400);
			assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
		}
		ServiceApi.Response nullInWhitelist = operator.send("PUT", "/dev/catalogue/services/svc-refused",
				"{\"ownerAccountId\":\"" + this.isv + "\",\"whitelistAccountIds\":[null]}", Map.of());
		assertThat(nullInWhitelist.status()).isEqualTo(400);
	}

	@Test
	void aCatalogueChangeWithoutARevisionFollowsOneSetAheadOfTheClock() {
		this.events.publish(saved(this.packageId, this.isv));
		ServiceApi operator = ServiceApi.as(this.port, "ops-1", "operator");
		String path = "/dev/catalogue/services/svc-ahead-" + this.packageId;
		long ahead = ServiceRecords.MAX_REVISION - 1;
		Map<String, Object> body = Map.of("ownerAccountId", this.isv, "visibility", "PUBLIC", "packageVersions",
				List.of(Map.of("packageId", this.packageId, "version", "draft")), "revision", ahead);
		assertThat(operator.send("PUT", path, body, Map.of()).status()).isEqualTo(202);
		await().untilAsserted(() -> assertThat(allowed(operator, "customer-9")).isTrue());

		ServiceApi.Response deleted = operator.send("PUT", path,
				Map.of("ownerAccountId", this.isv, "status", "DELETED"), Map.of());
		assertThat(deleted.status()).as(deleted.body()).isEqualTo(202);
		assertThat(deleted.json().get("revision").asLong()).isEqualTo(ServiceRecords.MAX_REVISION);
		await().untilAsserted(() -> assertThat(allowed(operator, "customer-9")).isFalse());

		ServiceApi.Response exhausted = operator.send("PUT", path,
				Map.of("ownerAccountId", this.isv, "status", "DELETED"), Map.of());
		assertThat(exhausted.status()).isEqualTo(409);
		assertThat(exhausted.json().get("type").asString()).endsWith("/service-revisions-exhausted");
	}

	@Test
	void aRevisionAboveTwoToTheFiftyThirdIsRefusedByTheCatalogueAndDeadLetteredOnKafka() {
		String serviceId = "svc-huge-" + this.packageId;
		ServiceApi operator = ServiceApi.as(this.port, "ops-1", "operator");
		ServiceApi.Response refused = operator.send("PUT", "/dev/catalogue/services/" + serviceId,
				Map.of("ownerAccountId", this.isv, "revision", Long.MAX_VALUE), Map.of());
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("revision");

		try (EventTestClient.TopicReader deadLetters = this.events
			.read("error.service-visibility-events.permission-service")) {
			this.events.publish(service(serviceId, this.isv, ServiceVisibility.PUBLIC, List.of(), Long.MAX_VALUE,
					ServiceStatus.ACTIVE, this.packageId));

			List<ConsumerRecord<String, SpecificRecord>> dead = deadLetters.awaitRecords(1,
					(record) -> serviceId.equals(record.key()));

			assertThat(
					new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
				.contains("revision");
		}
		assertThat(this.mongo.findById(serviceId, ServiceRecord.class)).isNull();
	}

	@Test
	void aCatalogueRequestWithSeveralBadValuesListsEveryOneByItsPath() {
		ServiceApi operator = ServiceApi.as(this.port, "ops-1", "operator");
		Map<String, Object> body = Map.of("ownerAccountId", "b a d", "visibility", "SECRET", "packageVersions",
				List.of(Map.of("packageId", this.packageId, "version", "v1"), Map.of("version", "1")),
				"whitelistAccountIds", List.of("isv-2", "no way"));

		ServiceApi.Response refused = operator.send("PUT", "/dev/catalogue/services/svc-refused", body, Map.of());

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").values()).extracting((error) -> error.get("field").asString())
			.containsExactlyInAnyOrder("ownerAccountId", "visibility", "packageVersions[0].version",
					"packageVersions[1]", "whitelistAccountIds[1]");
	}

	@Test
	void recomputingAPackageThatTenThousandServicesUseIsReported() {
		this.permissions.packageSeen(this.packageId, this.isv);
		List<ServiceRecord> services = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			services.add(new ServiceRecord("svc-many-" + i + "-" + this.packageId, this.isv,
					(i == 9_999) ? "PUBLIC" : "PRIVATE", (i % 10 == 0) ? List.of("customer-" + i) : List.of(),
					List.of(new ServiceRecord.PackageVersionRef(this.packageId, "1")), true, 1, Instant.now()));
		}
		this.mongo.insertAll(services);

		long started = System.nanoTime();
		this.permissions.recompute(this.packageId);
		long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();

		System.out.printf("Recomputed a package used by 10,000 services in %d ms%n", millis);
		PackageAccess recomputed = this.permissions.find(this.packageId).orElseThrow();
		assertThat(recomputed.getVisibility().level()).isEqualTo("PUBLIC");
		assertThat(recomputed.getVisibility().versionUsages().get(0).serviceIds()).hasSize(10_000);
	}

	@Test
	void theApiIsDescribedWithoutAToken() {
		ServiceApi.Response document = ServiceApi.anonymous(this.port).get("/v3/api-docs");

		assertThat(document.status()).isEqualTo(200);
		assertThat(document.json().get("paths").has("/v1/packages/{packageId}/access")).isTrue();
		assertThat(document.body()).as("the caller comes from the token").doesNotContain("\"caller\"");
		assertThat(OpenApiDocuments.operationsWithoutSummary(document.json())).isEmpty();
	}

	private boolean allowed(ServiceApi caller, String accountId) {
		return caller.get("/v1/packages/" + this.packageId + "/access?accountId=" + accountId)
			.json()
			.get("allowed")
			.asBoolean();
	}

	private PackageVisibilityChanged awaitVisibility(EventTestClient.TopicReader reader, long revision) {
		return reader
			.awaitEvents(PackageVisibilityChanged.class, 1,
					(event) -> event.getPackageId().equals(this.packageId) && event.getRevision() == revision)
			.get(0);
	}

	private List<PackageVisibilityChanged> ofPackage(List<ConsumerRecord<String, SpecificRecord>> records) {
		return records.stream()
			.map(ConsumerRecord::value)
			.filter((value) -> value instanceof PackageVisibilityChanged changed
					&& changed.getPackageId().equals(this.packageId))
			.map(PackageVisibilityChanged.class::cast)
			.toList();
	}

	static VersionSaved saved(String packageId, String owner) {
		return VersionSaved.newBuilder()
			.setPackageId(packageId)
			.setPackageName("wordpress")
			.setOwnerAccountId(owner)
			.setVersionName("release_1")
			.setContent(ImageContent.newBuilder()
				.setImageType(ImageType.CUSTOM)
				.setSourceRegion("cn-hangzhou")
				.setSourceImageId("m-bp1g7004ksh0oeuc")
				.setMarketplaceProductCode(null)
				.setImageSizeGib(20)
				.build())
			.setRegions(List.of("cn-hangzhou"))
			.setSavedAt(Instant.now())
			.build();
	}

	static ServiceVisibilityChanged service(String serviceId, String owner, ServiceVisibility visibility,
			List<String> whitelist, long revision, ServiceStatus status, String packageId) {
		return ServiceVisibilityChanged.newBuilder()
			.setServiceId(serviceId)
			.setOwnerAccountId(owner)
			.setVisibility(visibility)
			.setWhitelistAccountIds(whitelist)
			.setPackageVersions(new ArrayList<>(List.of(new PackageVersionRef(packageId, "1"))))
			.setStatus(status)
			.setRevision(revision)
			.setChangedAt(Instant.now())
			.build();
	}

}
