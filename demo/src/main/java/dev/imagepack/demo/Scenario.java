package dev.imagepack.demo;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The seed's scenario through the public APIs only, as an ISV, a customer, an operator
 * and the service catalogue: a draft usable only in its source region, a distribution in
 * which one region fails and is retried, the same template rendered for several regions,
 * a private package that a public service makes usable, and a second version that
 * replaces the first.
 */
final class Scenario {

	static final String SOURCE_REGION = "cn-hangzhou";

	static final List<String> REGIONS = List.of("cn-hangzhou", "cn-shanghai", "cn-beijing", "ap-southeast-1",
			"us-west-1", "eu-central-1");

	static final String FAILING_REGION = "us-west-1";

	static final List<String> RENDERED_REGIONS = List.of("cn-shanghai", "ap-southeast-1", "eu-central-1");

	private static final Set<String> SETTLED = Set.of("AVAILABLE", "PARTIALLY_AVAILABLE", "FAILED");

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	private final Urls urls;

	private final String template;

	private final PrintStream out;

	private final boolean terminal;

	private final Duration timeout;

	private final SecureRandom random = new SecureRandom();

	private final List<String> passed = new ArrayList<>();

	private @Nullable Api isv;

	private String packageId = "";

	private String imageLiteral = "";

	Scenario(Urls urls, String template, PrintStream out, boolean terminal, Duration timeout) {
		this.urls = urls;
		this.template = template;
		this.out = out;
		this.terminal = terminal;
		this.timeout = timeout;
	}

	/**
	 * Plays every step, stopping at the first that does not end as expected.
	 * @return 0 if every step ended as expected, 1 otherwise
	 */
	int run() {
		Instant started = Instant.now();
		String suffix = randomText(6);
		String isvAccount = "isv-demo-" + suffix;
		String sourceImage = "m-bp1" + randomText(17);
		int steps = 6;
		try {
			this.isv = Api.as(this.urls.packages(), isvAccount);
			Api customer = Api.as(this.urls.packages(), "customer-" + suffix);
			Api operator = Api.as(this.urls.packages(), "ops-demo", "operator");
			this.imageLiteral = imageLiteralOf(this.template);
			step("1. the ISV creates a package from a custom image in " + SOURCE_REGION + ", as a draft",
					() -> createPackage("wordpress_" + suffix, sourceImage, operator));
			step("2. the draft renders in its source region and is refused elsewhere", this::renderDraft);
			step("3. publishing distributes version 1; a failed region is retried", this::publishAndRetry);
			step("4. the template renders for three regions; only the ImageId line differs", this::renderRegions);
			step("5. a private package is refused to a customer until a public service uses it",
					() -> customerAccess(customer, operator, isvAccount, "svc-demo-" + suffix));
			step("6. version 2 replaces version 1, whose regional copies are removed",
					() -> secondVersion(operator, isvAccount, "svc-demo-" + suffix));
		}
		catch (StepFailed | IllegalStateException ex) {
			say("FAILED: " + ex.getMessage());
		}
		long seconds = Duration.between(started, Instant.now()).toSeconds();
		boolean success = this.passed.size() == steps;
		this.out.printf("demo: %s: %d of %d steps as expected in %d s%s%n", success ? "SUCCESS" : "FAILURE",
				this.passed.size(), steps, seconds,
				this.packageId.isEmpty() ? "" : " (package " + this.packageId + ")");
		return success ? 0 : 1;
	}

	private void step(String title, Supplier<Boolean> body) {
		this.out.println();
		say(title);
		if (!body.get()) {
			throw new StepFailed(title);
		}
		this.passed.add(title);
	}

	private boolean createPackage(String name, String sourceImage, Api operator) {
		Map<String, Object> content = Map.of("imageType", "CUSTOM", "sourceRegion", SOURCE_REGION, "sourceImageId",
				sourceImage, "imageSizeGib", 20);
		Map<String, Object> version = Map.of("name", "release_1", "description", "WordPress 6 on Alibaba Cloud Linux 3",
				"content", content, "regions", REGIONS);
		Api.Response created = isv().post("/v1/packages", Map.of("name", name, "version", version));
		expect(created, 201);
		this.packageId = created.text("id");
		say("package " + this.packageId + " (" + name + "), draft of image " + sourceImage + " for "
				+ String.join(", ", REGIONS));
		Map<String, Object> failure = Map.of("operation", "COPY", "region", FAILING_REGION, "sourceImageId",
				sourceImage, "failure", "QUOTA_EXCEEDED", "times", 1);
		expect(operator.at(this.urls.replication()).post("/dev/simulator/failures", failure), 201);
		say("the simulated cloud will refuse the first copy into " + FAILING_REGION + " (QUOTA_EXCEEDED)");
		return true;
	}

	/**
	 * The literal of the template's one image property, which the demo associates with
	 * its package. A template the steps cannot show is refused before anything is
	 * created.
	 */
	private String imageLiteralOf(String template) {
		Api.Response validated = isv().at(this.urls.mapping())
			.post("/v1/templates/validate", Map.of("format", "ROS_YAML", "template", template));
		if (validated.status() != 200) {
			throw new StepFailed("the template was refused: " + validated.status() + " " + reason(validated));
		}
		JsonNode properties = validated.node().get("properties");
		List<String> literals = new ArrayList<>();
		for (JsonNode property : properties) {
			JsonNode literal = property.get("literal");
			if (literal != null && !literal.isNull()) {
				literals.add(literal.asString());
			}
		}
		if (properties.size() != 1 || literals.size() != 1) {
			throw new StepFailed("the demo needs a ROS template with exactly one image property (ImageId) whose "
					+ "value is a literal image ID or alias; this one has " + properties.size()
					+ " image properties and " + literals.size() + " literal values " + literals);
		}
		say("the template's ImageId literal '" + literals.get(0) + "' is what the demo associates with its package");
		return literals.get(0);
	}

	private boolean renderDraft() {
		Api.Response home = awaitStatus(() -> render("draft", SOURCE_REGION), 200);
		say("rendered for " + SOURCE_REGION + ":  " + imageLine(renderedText(home)).strip());
		Api.Response elsewhere = render("draft", "cn-shanghai");
		say("rendered for cn-shanghai: refused, " + elsewhere.status() + " " + reason(elsewhere));
		return elsewhere.status() >= 400 && elsewhere.status() < 500;
	}

	private boolean publishAndRetry() {
		expect(isv().post(versions() + "/draft/publish", null), 202);
		JsonNode first = followDistribution("1");
		JsonNode failed = regionResult(first, FAILING_REGION);
		if (!"PARTIALLY_AVAILABLE".equals(first.get("status").asString()) || failed == null
				|| !"FAILED".equals(failed.get("status").asString())) {
			say("expected " + FAILING_REGION + " to fail, but the version is " + first.get("status").asString());
			return false;
		}
		List<String> others = new ArrayList<>();
		for (JsonNode result : first.get("regionResults")) {
			String region = result.get("region").asString();
			if (!FAILING_REGION.equals(region) && "FAILED".equals(result.get("status").asString())) {
				others.add(region + " (" + result.path("failureCode").asString("") + ")");
			}
		}
		if (!others.isEmpty()) {
			// A failure rule left over from a trial, say: the step did not go as planned,
			// although the retry below may well mend it.
			say("expected only " + FAILING_REGION + " to fail, but " + String.join(", ", others) + " failed as well");
			return false;
		}
		say(FAILING_REGION + " failed: " + failed.get("failureReason").asString() + "; retrying the failed regions");
		expect(isv().post(versions() + "/1/retry", null), 202);
		JsonNode retried = followDistribution("1");
		say("version 1 is " + retried.get("status").asString());
		return "AVAILABLE".equals(retried.get("status").asString());
	}

	private boolean renderRegions() {
		List<String> original = this.template.lines().toList();
		boolean onlyImageLine = true;
		for (String region : RENDERED_REGIONS) {
			String rendered = renderedText(awaitStatus(() -> render("1", region), 200));
			List<String> lines = rendered.lines().toList();
			List<String> changed = new ArrayList<>();
			for (int i = 0; i < Math.max(lines.size(), original.size()); i++) {
				String before = (i < original.size()) ? original.get(i) : "";
				String after = (i < lines.size()) ? lines.get(i) : "";
				if (!before.equals(after)) {
					changed.add("line " + (i + 1) + ": " + after.strip());
				}
			}
			say(String.format("%-16s %s", region, String.join("; ", changed)));
			onlyImageLine &= changed.size() == 1 && changed.get(0).contains("ImageId: m-") && rendered.length()
					- this.template.length() == imageLine(rendered).length() - imageLine(this.template).length();
		}
		return onlyImageLine;
	}

	private boolean customerAccess(Api customer, Api operator, String owner, String serviceId) {
		Api atMapping = customer.at(this.urls.mapping());
		String lookup = "/v1/mappings/" + this.packageId + "/versions/1/regions/cn-shanghai";
		Api.Response refused = atMapping.get(lookup);
		say("customer's lookup in cn-shanghai: " + refused.status() + " " + reason(refused));
		publishService(operator, serviceId, owner, "1");
		say("the catalogue publishes " + serviceId + ", a PUBLIC service using version 1");
		Api.Response allowed = awaitStatus(() -> atMapping.get(lookup), 200);
		say("customer's lookup in cn-shanghai: " + allowed.status() + " " + allowed.text("imageId"));
		return refused.status() == 404;
	}

	private boolean secondVersion(Api operator, String owner, String serviceId) {
		expect(isv().post(versions(),
				Map.of("copyFrom", "1", "name", "release_2", "description", "WordPress 6.1 on Alibaba Cloud Linux 3")),
				201);
		expect(isv().post(versions() + "/draft/publish", null), 202);
		JsonNode second = followDistribution("2");
		if (!"AVAILABLE".equals(second.get("status").asString())) {
			return false;
		}
		Api atMapping = isv().at(this.urls.mapping());
		for (String version : List.of("1", "2")) {
			JsonNode mappings = awaitStatus(
					() -> atMapping.get("/v1/mappings/" + this.packageId + "/versions/" + version), 200)
				.node();
			say("version " + version + " resolves in " + mappings.get("usableRegions").toString());
		}
		publishService(operator, serviceId, owner, "2");
		say("the catalogue moves " + serviceId + " to version 2");
		awaitStatus(() -> isv().delete(versions() + "/1"), 202);
		say("version 1 deleted; its regional copies are being removed");
		JsonNode deleted = awaitVersion("1", "DELETED");
		long removed = 0;
		for (JsonNode region : deleted.get("regionResults")) {
			if ("REMOVED".equals(region.get("status").asString())) {
				removed++;
			}
		}
		say("version 1 is DELETED: " + removed + " regional copies removed");
		return removed == REGIONS.size();
	}

	private void publishService(Api operator, String serviceId, String owner, String version) {
		expect(operator.at(this.urls.permission())
			.put("/dev/catalogue/services/" + serviceId, Map.of("ownerAccountId", owner, "visibility", "PUBLIC",
					"packageVersions", List.of(Map.of("packageId", this.packageId, "version", version)))),
				202);
	}

	private Api.Response render(String version, String region) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("format", "ROS_YAML");
		body.put("template", this.template);
		body.put("associations",
				List.of(Map.of("literal", this.imageLiteral, "packageId", this.packageId, "version", version)));
		return isv().at(this.urls.mapping()).post("/v1/templates/render?region=" + region, body);
	}

	private static String renderedText(Api.Response rendered) {
		JsonNode files = rendered.node().get("files");
		if (files != null && files.isObject() && files.size() == 1) {
			return files.values().iterator().next().asString();
		}
		JsonNode text = rendered.node().get("template");
		if (text != null) {
			return text.asString();
		}
		throw new StepFailed("unexpected render answer " + rendered);
	}

	private static String imageLine(String template) {
		return template.lines().filter((line) -> line.contains("ImageId:")).findFirst().orElse("");
	}

	private JsonNode followDistribution(String version) {
		ProgressBoard board = new ProgressBoard(this.out, this.terminal);
		Instant deadline = Instant.now().plus(this.timeout);
		while (Instant.now().isBefore(deadline)) {
			Api.Response current = isv().get(versions() + "/" + version);
			expect(current, 200);
			board.draw(current.node(), Instant.now());
			if (SETTLED.contains(current.node().get("status").asString())) {
				return current.node();
			}
			pause(Duration.ofMillis(this.terminal ? 250 : 1000));
		}
		throw new StepFailed("version " + version + " did not settle within " + this.timeout.toSeconds() + " s");
	}

	private JsonNode awaitVersion(String version, String status) {
		Instant deadline = Instant.now().plus(this.timeout);
		while (Instant.now().isBefore(deadline)) {
			Api.Response current = isv().get(versions() + "/" + version);
			if (current.status() == 200 && status.equals(current.text("status"))) {
				return current.node();
			}
			pause(Duration.ofMillis(500));
		}
		throw new StepFailed("version " + version + " did not become " + status);
	}

	private Api.Response awaitStatus(Supplier<Api.Response> call, int status) {
		Instant deadline = Instant.now().plus(this.timeout);
		Api.Response last = call.get();
		while (last.status() != status && Instant.now().isBefore(deadline)) {
			pause(Duration.ofMillis(500));
			last = call.get();
		}
		expect(last, status);
		return last;
	}

	private static @Nullable JsonNode regionResult(JsonNode version, String region) {
		for (JsonNode result : version.get("regionResults")) {
			if (region.equals(result.get("region").asString())) {
				return result;
			}
		}
		return null;
	}

	private static String reason(Api.Response refused) {
		if (refused.json() == null) {
			return refused.body();
		}
		String type = refused.text("type");
		return type.substring(type.lastIndexOf('/') + 1) + ": " + refused.text("detail");
	}

	private static void expect(Api.Response response, int status) {
		if (response.status() != status) {
			throw new StepFailed("expected " + status + ", got " + response);
		}
	}

	private String versions() {
		return "/v1/packages/" + this.packageId + "/versions";
	}

	private Api isv() {
		if (this.isv == null) {
			throw new IllegalStateException("No ISV account yet");
		}
		return this.isv;
	}

	private void say(String line) {
		this.out.println("demo: " + line);
	}

	private String randomText(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
		}
		return text.toString();
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StepFailed("interrupted");
		}
	}

	/**
	 * The services' base URLs.
	 *
	 * @param packages package-service
	 * @param replication replication-service
	 * @param mapping mapping-service
	 * @param permission permission-service
	 */
	record Urls(String packages, String replication, String mapping, String permission) {

		static Urls onLoopback(int portBase) {
			return new Urls("http://127.0.0.1:" + portBase, "http://127.0.0.1:" + (portBase + 1),
					"http://127.0.0.1:" + (portBase + 2), "http://127.0.0.1:" + (portBase + 3));
		}

	}

	/**
	 * A step that did not end as expected.
	 */
	static final class StepFailed extends RuntimeException {

		StepFailed(String message) {
			super(message);
		}

	}

}
