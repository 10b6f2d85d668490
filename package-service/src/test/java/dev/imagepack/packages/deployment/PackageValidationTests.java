package dev.imagepack.packages.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import dev.imagepack.testsupport.OpenApiDocuments;
import dev.imagepack.testsupport.ServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
class PackageValidationTests {

	@Value("${local.server.port}")
	private int port;

	private PackageApi isv;

	@BeforeEach
	void setUp() {
		this.isv = PackageApi.as(this.port, "isv-" + System.nanoTime());
	}

	@ParameterizedTest
	@ValueSource(ints = { 3, 128 })
	void aPackageNameOfThreeToOneHundredTwentyEightCharactersIsAccepted(int length) {
		assertThat(this.isv.post("/v1/packages", PackageApi.newPackage("n".repeat(length))).status()).isEqualTo(201);
	}

	@ParameterizedTest
	@ValueSource(ints = { 2, 129 })
	void aPackageNameOutsideThreeToOneHundredTwentyEightCharactersIsRefused(int length) {
		assertViolation(this.isv.post("/v1/packages", PackageApi.newPackage("n".repeat(length))), "name");
	}

	@Test
	void aPackageNameWithOtherCharactersIsRefused() {
		assertViolation(this.isv.post("/v1/packages", PackageApi.newPackage("word press")), "name");
	}

	@Test
	void twentyTagsAreAcceptedAndTwentyOneRefused() {
		Map<String, Object> twenty = PackageApi.newPackage("twenty_tags");
		twenty.put("tags", tags(20));
		Map<String, Object> twentyOne = PackageApi.newPackage("twenty_one_tags");
		twentyOne.put("tags", tags(21));

		assertThat(this.isv.post("/v1/packages", twenty).status()).isEqualTo(201);
		assertViolation(this.isv.post("/v1/packages", twentyOne), "tags");
	}

	@Test
	void aReservedTagKeyIsRefused() {
		Map<String, Object> body = PackageApi.newPackage("reserved_tag");
		body.put("tags", List.of(Map.of("key", "acs:owner", "value", "x")));

		assertViolation(this.isv.post("/v1/packages", body), "tags[0].key");
	}

	@Test
	void aVersionWithoutRegionsIsRefused() {
		Map<String, Object> body = PackageApi.newPackage("no_regions");
		body.put("version", PackageApi.version("release_1", List.of()));

		assertViolation(this.isv.post("/v1/packages", body), "version.regions");
	}

	@Test
	void anUnknownRegionIsRefused() {
		Map<String, Object> body = PackageApi.newPackage("unknown_region");
		body.put("version", PackageApi.version("release_1", List.of("cn-hangzhou", "mars-north-1")));

		assertViolation(this.isv.post("/v1/packages", body), "version.regions[1]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "m-", "m-BP1UPPER", "m-bp1$", "1centos" })
	void aMalformedSourceImageIsRefused(String image) {
		Map<String, Object> body = PackageApi.newPackage("bad_image");
		Map<String, Object> version = PackageApi.version("release_1", List.of("cn-hangzhou"));
		@SuppressWarnings("unchecked")
		Map<String, Object> content = (Map<String, Object>) version.get("content");
		content.put("sourceImageId", image);
		body.put("version", version);

		assertViolation(this.isv.post("/v1/packages", body), "version.content.sourceImageId");
	}

	@Test
	void aShortDescriptionAndAShortVersionNameAreBothReported() {
		Map<String, Object> body = PackageApi.newPackage("two_errors");
		Map<String, Object> version = PackageApi.version("v1", List.of("cn-hangzhou"));
		version.put("description", "too short");
		body.put("version", version);

		PackageApi.Response response = this.isv.post("/v1/packages", body);

		assertThat(response.status()).isEqualTo(400);
		assertThat(fields(response.json())).contains("version.name", "version.description");
	}

	@Test
	void aBodyThatIsNotJsonIsABadRequest() {
		PackageApi.Response response = this.isv.post("/v1/packages", "{\"name\": ");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("type").asString()).endsWith("/malformed-request");
	}

	@Test
	void aPageSizeOutsideOneToOneHundredIsRefused() {
		assertViolation(this.isv.get("/v1/packages?pageSize=101"), "pageSize");
		assertViolation(this.isv.get("/v1/packages?pageSize=0"), "pageSize");
		assertViolation(this.isv.get("/v1/packages?pageToken=forged"), "pageToken");
	}

	@Test
	void aListingRefusedForSeveralParametersNamesEachOfThem() {
		PackageApi.Response refused = this.isv.get("/v1/packages?status=BAD&pageSize=0&pageToken=zzz");

		assertViolation(refused, "pageToken");
		assertThat(fields(refused.json())).containsExactlyInAnyOrder("status", "pageSize", "pageToken");
	}

	@Test
	void aMisspeltListingParameterIsRefusedRatherThanIgnored() {
		PackageApi.Response refused = this.isv.get("/v1/packages?staus=DRAFT&namePrefix=web");

		assertViolation(refused, "staus");
		assertThat(fields(refused.json())).containsExactly("staus");
		assertThat(refused.body()).contains("namePrefix");
	}

	@Test
	void aListingParameterGivenTwiceIsRefusedRatherThanMatchedAsOneValue() {
		PackageApi.Response refused = this.isv.get("/v1/packages?namePrefix=web&namePrefix=api&status=DRAFT");

		assertViolation(refused, "namePrefix");
		assertThat(fields(refused.json())).containsExactly("namePrefix");
		assertThat(refused.body()).contains("is given 2 times");
	}

	@Test
	void theVersionListingTakesNoParametersAndRefusesAnyRatherThanIgnoringIt() {
		PackageApi.Response created = this.isv.post("/v1/packages", PackageApi.newPackage("versions_listed"));
		String versions = "/v1/packages/" + created.json().get("id").asString() + "/versions";

		PackageApi.Response refused = this.isv.get(versions + "?status=FOO&pageSize=abc");

		assertViolation(refused, "status");
		assertThat(fields(refused.json())).containsExactlyInAnyOrder("status", "pageSize");
		assertThat(refused.body()).contains("which takes none");
		assertThat(this.isv.get(versions).status()).isEqualTo(200);
	}

	@Test
	void emptyListingParametersCountAsAbsent() {
		PackageApi.Response listed = this.isv
			.get("/v1/packages?namePrefix=&tagKey=&tagValue=&resourceGroupId=&status=&pageSize=&pageToken=");

		assertThat(listed.status()).as(listed.body()).isEqualTo(200);
		assertThat(listed.json().get("items").isArray()).isTrue();
	}

	@Test
	void theOpenApiDocumentDescribesThePackageApiWithoutAToken() {
		PackageApi anonymous = PackageApi.anonymous(this.port);

		PackageApi.Response document = anonymous.get("/v3/api-docs");

		assertThat(document.status()).isEqualTo(200);
		JsonNode publish = document.json().get("paths").get("/v1/packages/{packageId}/versions/{version}/publish");
		assertThat(publish.get("post").get("responses").has("202")).isTrue();
		assertThat(publish.get("post").get("parameters").toString()).contains("Idempotency-Key")
			.doesNotContain("\"caller\"");
		assertThat(OpenApiDocuments.operationsWithoutSummary(document.json())).isEmpty();
	}

	private static List<Map<String, Object>> tags(int count) {
		List<Map<String, Object>> tags = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			tags.add(new LinkedHashMap<>(Map.of("key", "key" + i, "value", "value" + i)));
		}
		return tags;
	}

	@ParameterizedTest
	@ValueSource(strings = { "A bell \u0007 in the text", "A lone LONE_SURROGATE here", "Escape \u001b[31m red",
			"Line\u2028separator here" })
	void aDescriptionThatIsNotPlainTextIsRefused(String description) {
		Map<String, Object> body = PackageApi.newPackage("unclean_text");
		Map<String, Object> version = PackageApi.version("release_1", List.of("cn-hangzhou"));
		version.put("description", description);
		body.put("version", version);
		// Sent as JSON text, since a Java string with a lone surrogate cannot be encoded.
		String json = PackageApi.JSON.writeValueAsString(body).replace("LONE_SURROGATE", "\\ud800");

		assertViolation(this.isv.post("/v1/packages", json), "version.description");
	}

	@Test
	void aDescriptionOverSeveralLinesIsAccepted() {
		Map<String, Object> body = PackageApi.newPackage("multi_line");
		Map<String, Object> version = PackageApi.version("release_1", List.of("cn-hangzhou"));
		version.put("description", "First line\nsecond line\twith a tab, and \ud83d\ude80 too");
		body.put("version", version);

		assertThat(this.isv.post("/v1/packages", body).status()).isEqualTo(201);
	}

	@Test
	void aDescriptionsLengthCountsCharactersNotUtf16Units() {
		String rocket = "\ud83d\ude80";
		Map<String, Object> body = PackageApi.newPackage("emoji_500");
		Map<String, Object> version = PackageApi.version("release_1", List.of("cn-hangzhou"));
		version.put("description", rocket.repeat(500));
		body.put("version", version);
		assertThat(this.isv.post("/v1/packages", body).status()).isEqualTo(201);

		Map<String, Object> tooShort = PackageApi.newPackage("emoji_9");
		Map<String, Object> shortVersion = PackageApi.version("release_1", List.of("cn-hangzhou"));
		shortVersion.put("description", rocket.repeat(9));
		tooShort.put("version", shortVersion);
		assertViolation(this.isv.post("/v1/packages", tooShort), "version.description");

		Map<String, Object> tagged = PackageApi.newPackage("emoji_tag");
		tagged.put("tags", List.of(Map.of("key", rocket.repeat(128), "value", rocket.repeat(128))));
		assertThat(this.isv.post("/v1/packages", tagged).status()).isEqualTo(201);
	}

	@Test
	void aTagWithAControlCharacterIsRefused() {
		Map<String, Object> body = PackageApi.newPackage("unclean_tag");
		body.put("tags", List.of(Map.of("key", "team", "value", "web\u0000ops")));

		assertViolation(this.isv.post("/v1/packages", body), "tags[0].value");
	}

	@Test
	void aFieldOfTheWrongJsonTypeIsRefusedWithItsPath() {
		Map<String, Object> body = PackageApi.newPackage("wrong_types");
		Map<String, Object> version = PackageApi.version("release_1", List.of("cn-hangzhou"));
		@SuppressWarnings("unchecked")
		Map<String, Object> content = new java.util.LinkedHashMap<>((Map<String, Object>) version.get("content"));
		content.put("imageSizeGib", 1.5);
		version.put("content", content);
		body.put("version", version);

		assertViolation(this.isv.post("/v1/packages", body), "version.content.imageSizeGib");
	}

	@Test
	void aCopyThatAlsoNamesContentOrRegionsIsRefused() {
		String packageId = this.isv.post("/v1/packages", PackageApi.newPackage("copy_and_content"))
			.json()
			.get("id")
			.asString();
		this.isv.post("/v1/packages/" + packageId + "/versions/draft/publish", null);
		Map<String, Object> body = PackageApi.version("release_2", List.of("cn-shanghai"));
		body.put("copyFrom", "1");

		PackageApi.Response refused = this.isv.post("/v1/packages/" + packageId + "/versions", body);

		assertViolation(refused, "content");
		assertThat(fields(refused.json())).contains("regions");
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "7", "\"1", "\"1\" junk", "" })
	void aMalformedIfMatchIsABadRequest(String ifMatch) {
		String packageId = this.isv
			.post("/v1/packages", PackageApi.newPackage("if_match_" + Math.abs(ifMatch.hashCode())))
			.json()
			.get("id")
			.asString();

		PackageApi.Response response = this.isv.send("POST", "/v1/packages/" + packageId + "/versions/draft/publish",
				null, Map.of("If-Match", ifMatch));

		assertViolation(response, "If-Match");
	}

	@Test
	void anIfMatchListWithTheCurrentTagPasses() {
		PackageApi.Response created = this.isv.post("/v1/packages", PackageApi.newPackage("if_match_list"));
		String packageId = created.json().get("id").asString();

		PackageApi.Response published = this.isv.send("POST", "/v1/packages/" + packageId + "/versions/draft/publish",
				null, Map.of("If-Match", "\"99\", W/" + created.header("ETag") + ", " + created.header("ETag")));

		assertThat(published.status()).isEqualTo(202);
	}

	@Test
	void aListFilterWithAControlCharacterIsRefused() {
		assertViolation(this.isv.get("/v1/packages?namePrefix=%00"), "namePrefix");
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "0", "-1", "1.5" })
	void aMalformedVersionInThePathIsRefusedNamingTheVersion(String version) {
		PackageApi.Response created = this.isv.post("/v1/packages", PackageApi.newPackage("malformed_version"));
		String versions = "/v1/packages/" + created.json().get("id").asString() + "/versions/";

		PackageApi.Response retried = this.isv.post(versions + version + "/retry", null);
		PackageApi.Response read = this.isv.get(versions + version);

		assertViolation(retried, "version");
		assertViolation(read, "version");
		assertThat(retried.json().get("detail").asString()).startsWith("version: A version is 'draft' or a number");
	}

	private static void assertViolation(PackageApi.Response response, String field) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("type").asString()).isEqualTo("https://imagepack.dev/problems/invalid-request");
		assertThat(fields(problem)).contains(field);
	}

	private static List<String> fields(JsonNode problem) {
		List<String> fields = new ArrayList<>();
		problem.get("errors").forEach((error) -> fields.add(error.get("field").asString()));
		return fields;
	}

}
