package dev.imagepack.mapping.template.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import dev.imagepack.events.RegionReplicated;
import dev.imagepack.events.RegionReplicationProgressed;
import dev.imagepack.events.VersionPublished;
import dev.imagepack.events.VersionSaved;
import dev.imagepack.mapping.MappingEvents;
import dev.imagepack.testsupport.OpenApiDocuments;
import dev.imagepack.testsupport.EventTestClient;
import dev.imagepack.testsupport.ServiceApi;
import dev.imagepack.testsupport.ServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ServiceIntegrationTest
class TemplateApiTests {

	private static final String SOURCE = MappingEvents.SOURCE;

	private static final Instant T0 = MappingEvents.T0;

	private static final String IMAGE_LINE = "      ImageId: centos_7    # replaced for each region";

	private final HttpClient http = HttpClient.newHttpClient();

	@Value("${local.server.port}")
	private int port;

	@Value("${spring.cloud.stream.kafka.binder.brokers}")
	private String brokers;

	private EventTestClient events;

	private String owner;

	private String packageId;

	private ServiceApi isv;

	private String token;

	@BeforeEach
	void setUp() {
		this.events = new EventTestClient(this.brokers);
		this.owner = "isv-" + System.nanoTime();
		this.packageId = "pkg-" + UUID.randomUUID().toString().substring(0, 8);
		this.isv = ServiceApi.as(this.port, this.owner);
		this.token = ServiceApi.anonymous(this.port)
			.send("POST", "/dev/tokens", Map.of("accountId", this.owner), Map.of())
			.json()
			.get("token")
			.asString();
	}

	@AfterEach
	void tearDown() {
		this.events.close();
	}

	@Test
	void aDraftRendersInItsSourceRegionAndIsRefusedElsewhereWithTheReason() {
		this.events.publish(saved("m-draft001"));
		awaitLookup("draft", SOURCE);
		String template = fixture("api/web-server.yaml");

		ServiceApi.Response rendered = this.isv.post("/v1/templates/render?region=" + SOURCE,
				body(template, association("centos_7", "draft")));
		ServiceApi.Response elsewhere = this.isv.post("/v1/templates/render?region=cn-shanghai",
				body(template, association("centos_7", "draft")));

		assertThat(rendered.status()).isEqualTo(200);
		assertThat(rendered.json().get("files").get("template").asString())
			.isEqualTo(template.replace(IMAGE_LINE, IMAGE_LINE.replace("centos_7", "m-draft001")));
		assertThat(rendered.json().get("substitutions").get(0).get("line").asInt()).isEqualTo(23);
		assertThat(elsewhere.status()).isEqualTo(422);
		JsonNode unresolved = elsewhere.json().get("unresolved").get(0);
		assertThat(elsewhere.json().get("type").asString()).endsWith("/image-not-resolved");
		assertThat(unresolved.get("literal").asString()).isEqualTo("centos_7");
		assertThat(unresolved.get("code").asString()).isEqualTo("draft-only-in-source-region");
		assertThat(unresolved.get("details").get("usableRegions").values()).extracting(JsonNode::asString)
			.containsExactly(SOURCE);
		assertThat(elsewhere.json().get("detail").asString()).contains("'centos_7'", this.packageId, "draft",
				"usable only in its source region");
	}

	@Test
	void aPublishedVersionRendersForEveryRegionWithOnlyTheImageLineChanged() throws Exception {
		this.events.publish(published(1, "cn-shanghai", "eu-west-1"));
		this.events.publish(replicated(1, "cn-shanghai"));
		this.events.publish(replicated(1, "eu-west-1"));
		awaitLookup("1", "cn-shanghai");
		awaitLookup("1", "eu-west-1");
		byte[] template = fixture("api/web-server.yaml").getBytes(StandardCharsets.UTF_8);

		for (String region : List.of(SOURCE, "cn-shanghai", "eu-west-1")) {
			HttpResponse<byte[]> raw = this.http.send(
					authorized("/v1/templates/render?region=" + region + "&name=web-server.yaml&association=centos_7%3D"
							+ this.packageId + "%401")
						.header("Content-Type", "application/yaml")
						.POST(BodyPublishers.ofByteArray(template))
						.build(),
					BodyHandlers.ofByteArray());
			String image = region.equals(SOURCE) ? "m-source01" : "m-copy-" + region + "-1";

			assertThat(raw.statusCode()).isEqualTo(200);
			assertThat(raw.headers().firstValue("Content-Type")).hasValue("application/yaml;charset=UTF-8");
			assertThat(changedLines(template, raw.body()))
				.containsExactly(Map.entry(IMAGE_LINE, IMAGE_LINE.replace("centos_7", image)));
			ServiceApi.Response json = this.isv.post("/v1/templates/render?region=" + region,
					body(new String(template, StandardCharsets.UTF_8), association("centos_7", "1")));
			assertThat(json.json().get("files").get("template").asString().getBytes(StandardCharsets.UTF_8))
				.isEqualTo(raw.body());
		}
	}

	@Test
	void aRegionStillReplicatingIsRefusedNamingTheLiteralAndItsProgress() {
		this.events.publish(published(1, "cn-shanghai"));
		this.events.publish(progressed(1, "cn-shanghai", 45));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.isv.get(lookup("1", "cn-shanghai")).json().path("percent").asInt() == 45);

		ServiceApi.Response refused = this.isv.post("/v1/templates/render?region=cn-shanghai",
				body(fixture("api/web-server.yaml"), association("centos_7", "1")));

		assertThat(refused.status()).isEqualTo(422);
		JsonNode unresolved = refused.json().get("unresolved").get(0);
		assertThat(unresolved.get("code").asString()).isEqualTo("not-yet-distributed");
		assertThat(unresolved.get("details").get("percent").asInt()).isEqualTo(45);
		assertThat(refused.json().get("detail").asString()).contains("'centos_7'", "(45%)");
		assertThat(refused.body()).doesNotContain("m-source01");
	}

	@Test
	void aPrivatePackageOfAnotherAccountIsRefusedLikeAnUnknownOne() {
		this.events.publish(published(1, "cn-shanghai"));
		awaitLookup("1", SOURCE);
		ServiceApi stranger = ServiceApi.as(this.port, "stranger-" + System.nanoTime());
		String template = fixture("api/web-server.yaml");

		ServiceApi.Response refused = stranger.post("/v1/templates/render?region=" + SOURCE,
				body(template, association("centos_7", "1")));
		ServiceApi.Response unknown = stranger.post("/v1/templates/render?region=" + SOURCE,
				body(template, List.of(Map.of("literal", "centos_7", "packageId", "pkg-unknown0", "version", "1"))));

		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.json().get("unresolved").get(0).get("code").asString()).isEqualTo("mapping-not-found");
		assertThat(withoutInstance(refused.body().replace(this.packageId, "ID")))
			.isEqualTo(withoutInstance(unknown.body().replace("pkg-unknown0", "ID")));
		ServiceApi operator = ServiceApi.as(this.port, "ops-1", "operator");
		assertThat(operator.post("/v1/templates/render?region=" + SOURCE, body(template, association("centos_7", "1")))
			.status()).isEqualTo(200);
	}

	@Test
	void severalTerraformFilesUploadedAsMultipartRenderTogether() throws Exception {
		this.events.publish(published(1, "cn-shanghai"));
		awaitLookup("1", SOURCE);
		String main = fixture("terraform/module/main.tf");
		String images = fixture("terraform/module/images.tf");
		String associations = "[{\"literal\":\"centos_7\",\"packageId\":\"" + this.packageId
				+ "\",\"version\":\"1\"},{\"literal\":\"debian_12\",\"packageId\":\"" + this.packageId
				+ "\",\"version\":\"1\"}]";

		HttpResponse<String> answer = multipart("/v1/templates/render?region=" + SOURCE,
				List.of(file("files", "main.tf", main), file("files", "images.tf", images),
						field("associations", associations)));

		assertThat(answer.statusCode()).isEqualTo(200);
		JsonNode files = ServiceApi.JSON.readTree(answer.body()).get("files");
		assertThat(files.propertyNames()).containsExactly("main.tf", "images.tf");
		assertThat(files.get("main.tf").asString())
			.isEqualTo(main.replace("image_id      = \"centos_7\"", "image_id      = \"m-source01\""));
		assertThat(files.get("images.tf").asString()).isEqualTo(images.replace("\"debian_12\"", "\"m-source01\""));
		HttpResponse<String> report = multipart("/v1/templates/validate",
				List.of(file("files", "main.tf", main), file("files", "images.tf", images)));
		assertThat(ServiceApi.JSON.readTree(report.body()).get("ignored").get(0).get("resourceType").asString())
			.isEqualTo("alicloud_ecp_instance");
	}

	@Test
	void validationReportsEveryImagePropertyWithItsPlace() {
		ServiceApi.Response report = this.isv.post("/v1/templates/validate",
				Map.of("files", Map.of("web-server.yaml", fixture("api/web-server.yaml"))));

		assertThat(report.status()).isEqualTo(200);
		JsonNode server = report.json().get("properties").get(0);
		assertThat(server.get("resourceName").asString()).isEqualTo("Server");
		assertThat(server.get("location").asString()).isEqualTo("web-server.yaml:23:16");
		assertThat(server.get("path").asString()).isEqualTo("/Resources/Server/Properties/ImageId");
		assertThat(report.json().get("ignored").get(0).get("resourceType").asString())
			.isEqualTo("ALIYUN::ECS::CopyImage");
		assertThat(report.json().get("associable").asBoolean()).isTrue();
	}

	@Test
	void aSyntaxErrorIsAnsweredWithItsFileLineAndColumn() {
		ServiceApi.Response answer = this.isv.post("/v1/templates/validate",
				Map.of("files", Map.of("broken.yaml", "Resources:\n  Web:\n    Type: [unclosed\n")));

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().get("type").asString()).endsWith("/template-syntax");
		assertThat(answer.json().get("file").asString()).isEqualTo("broken.yaml");
		assertThat(answer.json().get("line").asInt()).isPositive();
		assertThat(answer.json().get("column").asInt()).isPositive();
	}

	@Test
	void aTemplateThatCannotBeAssociatedIsRefusedNamingEveryOffender() {
		ServiceApi.Response answer = this.isv.post("/v1/templates/associate",
				Map.of("files", Map.of("ref.yaml", fixture("ros/reject/ref.yaml")), "associations",
						List.of(Map.of("literal", "rocky_9", "packageId", "pkg-1", "version", "2"))));

		assertThat(answer.status()).isEqualTo(422);
		assertThat(answer.json().get("offenders").values()).extracting((offender) -> offender.get("code").asString())
			.containsExactly("ref", "literal-not-found");
		ServiceApi.Response report = this.isv.post("/v1/templates/validate",
				Map.of("files", Map.of("ref.yaml", fixture("ros/reject/ref.yaml"))));
		JsonNode offending = answer.json().get("offenders").get(0).get("property");
		assertThat(report.json().get("properties").values())
			.as("the offending property as a validation report gives it")
			.contains(offending);
		assertThat(offending.get("reason").asString()).isEqualTo("ref");
		assertThat(answer.json().get("detail").asString()).contains("Offender", "ref.yaml:", "'rocky_9'");
		assertThat(
				this.isv
					.post("/v1/templates/associate",
							Map.of("template", fixture("api/web-server.yaml"), "associations",
									List.of(Map.of("literal", "centos_7", "packageId", "pkg-1", "version", "2"))))
					.status())
			.isEqualTo(200);
	}

	@Test
	void tooLargeTemplatesAreRefusedWith413() throws Exception {
		String large = "Description: " + "x".repeat(1_100_000) + "\n";

		ServiceApi.Response oneFile = this.isv.post("/v1/templates/validate", Map.of("template", large));
		HttpResponse<String> onePart = multipart("/v1/templates/validate", List.of(file("files", "a.yaml", large)));
		HttpResponse<String> declared = this.http
			.send(authorized("/v1/templates/validate").header("Content-Type", "text/plain")
				.expectContinue(true)
				.POST(BodyPublishers.ofString(large + large))
				.build(), BodyHandlers.ofString());
		byte[] parts = multipartBody(List.of(file("files", "a.yaml", large.substring(0, 900_000)),
				file("files", "b.yaml", large.substring(0, 900_000)),
				file("files", "c.yaml", large.substring(0, 900_000))));
		HttpResponse<String> chunked = this.http.send(
				authorized("/v1/templates/validate").header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
					.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(parts)))
					.build(),
				BodyHandlers.ofString());

		assertThat(oneFile.status()).isEqualTo(413);
		assertThat(oneFile.json().get("type").asString()).endsWith("/template-too-large");
		for (HttpResponse<String> answer : List.of(onePart, declared, chunked)) {
			assertThat(answer.statusCode()).isEqualTo(413);
			assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(ServiceApi.JSON.readTree(answer.body()).get("type").asString()).endsWith("/request-too-large");
		}
	}

	@Test
	void malformedInputIsRefusedWith400AndNeverFailsTheService() throws Exception {
		byte[] garbage = { (byte) 0xC3, (byte) 0x28, 0, (byte) 0xFF, (byte) 0xFE, 0x1B, (byte) 0x80 };
		List<HttpResponse<String>> answers = new ArrayList<>();
		answers.add(post("/v1/templates/validate", "multipart/form-data; boundary=" + BOUNDARY,
				BodyPublishers.ofString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"files\"\r\n")));
		answers.add(post("/v1/templates/validate", "multipart/form-data", BodyPublishers.ofString("no boundary")));
		answers.add(multipart("/v1/templates/validate", List.of(field("format", "ROS_YAML"))));
		answers.add(multipart("/v1/templates/validate", List.of(new Part("files", "bin.yaml", garbage))));
		answers.add(multipart("/v1/templates/associate",
				List.of(file("files", "a.yaml", "ImageId: x\n"), field("associations", "{not json"))));
		answers.add(post("/v1/templates/validate", "text/plain", BodyPublishers.ofByteArray(garbage)));
		answers.add(post("/v1/templates/validate", "application/json", BodyPublishers.ofByteArray(garbage)));
		answers.add(post("/v1/templates/validate", "application/json", BodyPublishers.noBody()));
		answers.add(post("/v1/templates/validate", "application/json",
				BodyPublishers.ofString("{\"template\":\"a\\ud800b\"}")));
		answers.add(post("/v1/templates/validate", "application/json",
				BodyPublishers.ofString("{\"format\":\"ARM\",\"template\":\"{}\"}")));
		answers.add(post("/v1/templates/validate", "application/json",
				BodyPublishers.ofString("{\"template\":\"a\",\"files\":{\"b.tf\":\"\"}}")));
		answers.add(post("/v1/templates/associate", "application/json",
				BodyPublishers.ofString("{\"template\":\"ImageId: x\",\"associations\":[null,"
						+ "{\"literal\":\"x\",\"packageId\":\"pkg x\",\"version\":\"0\"}]}")));
		answers.add(post("/v1/templates/render", "application/json", BodyPublishers.ofString("{\"template\":\"\"}")));
		answers.add(post("/v1/templates/validate?format=TERRAFORM_HCL", "text/plain",
				BodyPublishers.ofString("resource \"alicloud_instance\" \"x\" {\n  image_id = \"a\n")));
		answers.add(post("/v1/templates/validate", "text/plain; charset=ISO-8859-1", BodyPublishers.ofString("a")));
		answers.add(post("/v1/templates/validate", "application/json",
				BodyPublishers.ofString("{\"files\":{\"../etc/x.tf\":\"\"}}")));

		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
			assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		});
	}

	@Test
	void emptyFilesAreReadWithoutFailingTheService() throws Exception {
		HttpResponse<String> emptyModule = multipart("/v1/templates/validate",
				List.of(file("files", "main.tf", ""), file("files", "variables.tf", "")));
		ServiceApi.Response emptyRos = this.isv.post("/v1/templates/validate", Map.of("template", ""));

		assertThat(emptyModule.statusCode()).isEqualTo(200);
		assertThat(emptyRos.status()).isIn(200, 400);
	}

	@Test
	void theOpenApiDocumentDescribesTheTemplateApi() {
		ServiceApi.Response document = ServiceApi.anonymous(this.port).get("/v3/api-docs");

		assertThat(document.status()).isEqualTo(200);
		assertThat(document.json().get("paths").has("/v1/templates/render")).isTrue();
		assertThat(document.json().get("paths").has("/v1/mappings/{packageId}/versions/{version}")).isTrue();
		assertThat(OpenApiDocuments.operationsWithoutSummary(document.json())).isEmpty();
	}

	private static final String BOUNDARY = "template-api-boundary-7f3c";

	private record Part(String name, @Nullable String fileName, byte[] content) {

	}

	private static Part file(String name, String fileName, String text) {
		return new Part(name, fileName, text.getBytes(StandardCharsets.UTF_8));
	}

	private static Part field(String name, String text) {
		return new Part(name, null, text.getBytes(StandardCharsets.UTF_8));
	}

	private static byte[] multipartBody(List<Part> parts) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Part part : parts) {
			String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
					+ ((part.fileName() != null) ? "; filename=\"" + part.fileName() + "\"" : "") + "\r\n"
					+ ((part.fileName() != null) ? "Content-Type: application/octet-stream\r\n" : "") + "\r\n";
			body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
			body.writeBytes(part.content());
			body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return body.toByteArray();
	}

	private HttpResponse<String> multipart(String path, List<Part> parts) throws Exception {
		return post(path, "multipart/form-data; boundary=" + BOUNDARY,
				BodyPublishers.ofByteArray(multipartBody(parts)));
	}

	private HttpResponse<String> post(String path, String contentType, BodyPublisher body) throws Exception {
		return this.http.send(authorized(path).header("Content-Type", contentType).POST(body).build(),
				BodyHandlers.ofString());
	}

	private HttpRequest.Builder authorized(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", "Bearer " + this.token);
	}

	/** The lines that differ, old to new, for texts of the same number of lines. */
	private static Map<String, String> changedLines(byte[] before, byte[] after) {
		String[] old = new String(before, StandardCharsets.UTF_8).split("\n", -1);
		String[] rendered = new String(after, StandardCharsets.UTF_8).split("\n", -1);
		assertThat(rendered).hasSameSizeAs(old);
		Map<String, String> changed = new LinkedHashMap<>();
		for (int i = 0; i < old.length; i++) {
			if (!old[i].equals(rendered[i])) {
				changed.put(old[i], rendered[i]);
			}
		}
		return changed;
	}

	private static String withoutInstance(String body) {
		return body.replaceAll("\"instance\":\"[^\"]*\"", "");
	}

	private static String fixture(String path) {
		try (InputStream in = TemplateApiTests.class.getResourceAsStream("/templates/" + path)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, Object> body(String template, List<Map<String, String>> associations) {
		return Map.of("format", "ROS_YAML", "template", template, "associations", associations);
	}

	private List<Map<String, String>> association(String literal, String version) {
		return List.of(Map.of("literal", literal, "packageId", this.packageId, "version", version));
	}

	private void awaitLookup(String version, String region) {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.isv.get(lookup(version, region)).status() == 200);
	}

	private String lookup(String version, String region) {
		return "/v1/mappings/" + this.packageId + "/versions/" + version + "/regions/" + region;
	}

	private VersionSaved saved(String imageId) {
		return MappingEvents.saved(this.packageId, this.owner, T0, imageId);
	}

	private VersionPublished published(int number, String... regions) {
		return MappingEvents.published(this.packageId, this.owner, number, regions);
	}

	private RegionReplicated replicated(int number, String region) {
		return RegionReplicated.newBuilder()
			.setPackageId(this.packageId)
			.setVersionNumber(number)
			.setRegion(region)
			.setSucceeded(true)
			.setRegionalImageId("m-copy-" + region + "-" + number)
			.setAttempts(1)
			.setStartedAt(T0)
			.setFinishedAt(T0.plusSeconds(10))
			.build();
	}

	private RegionReplicationProgressed progressed(int number, String region, int percent) {
		return RegionReplicationProgressed.newBuilder()
			.setPackageId(this.packageId)
			.setVersionNumber(number)
			.setRegion(region)
			.setPercent(percent)
			.setAttempt(1)
			.setReportedAt(T0.plusSeconds(5))
			.build();
	}

}
