package dev.imagepack.mapping.version.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import dev.imagepack.events.RegionReplicated;
import dev.imagepack.mapping.MappingEvents;
import dev.imagepack.testsupport.EventTestClient;
import dev.imagepack.testsupport.ServiceApi;
import dev.imagepack.testsupport.ServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lookups {@link DirectLookupFilter} answers before the security filter chain answer
 * exactly what the chain and MVC answer, and whatever it does not answer reaches them. A
 * query string makes the filter pass a request on, so the same lookup with a parameter
 * MVC ignores is the chain's answer to compare with.
 */
@ServiceIntegrationTest
class DirectLookupTests {

	private static final String SOURCE = MappingEvents.SOURCE;

	@Value("${local.server.port}")
	private int port;

	@Value("${spring.cloud.stream.kafka.binder.brokers}")
	private String brokers;

	@Autowired
	private FilterRegistrationBean<DirectLookupFilter> registration;

	@Autowired
	private MeterRegistry meters;

	private EventTestClient events;

	private String owner;

	private String packageId;

	private ServiceApi isv;

	@BeforeEach
	void setUp() {
		this.events = new EventTestClient(this.brokers);
		this.owner = "isv-" + System.nanoTime();
		this.packageId = "pkg-" + UUID.randomUUID().toString().substring(0, 8);
		this.isv = ServiceApi.as(this.port, this.owner);
		this.events.publish(MappingEvents.published(this.packageId, this.owner, 1, "cn-shanghai", "eu-west-1"));
		this.events.publish(RegionReplicated.newBuilder()
			.setPackageId(this.packageId)
			.setVersionNumber(1)
			.setRegion("cn-shanghai")
			.setSucceeded(true)
			.setRegionalImageId("m-copy-cn-shanghai")
			.setAttempts(1)
			.setStartedAt(MappingEvents.T0)
			.setFinishedAt(MappingEvents.T0.plusSeconds(5))
			.build());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.isv.get(lookup("1", "cn-shanghai") + "?via=chain").status() == 200);
	}

	@AfterEach
	void tearDown() {
		this.events.close();
	}

	@Test
	void aLookupThatResolvesIsAnsweredBeforeTheChainWithTheChainsAnswer() {
		ServiceApi operator = ServiceApi.as(this.port, "ops-" + System.nanoTime(), "operator");
		for (String path : List.of(lookup("1", SOURCE), lookup("1", "cn-shanghai"), lookup("latest", "cn-shanghai"))) {
			for (ServiceApi caller : List.of(this.isv, operator)) {
				long before = answered();
				ServiceApi.Response direct = caller.get(path);
				assertThat(answered()).as(path).isEqualTo(before + 1);

				assertThat(direct.status()).isEqualTo(200);
				assertSameAnswer(direct, caller.get(path + "?via=chain"));
				assertThat(answered()).as("a lookup with a query is left to the chain").isEqualTo(before + 1);
			}
		}
		long before = answered();
		long timed = lookupsTimed();
		ServiceApi.Response acceptingJson = this.isv.send("GET", lookup("1", SOURCE), null,
				Map.of("Accept", "application/json"));
		assertThat(answered()).isEqualTo(before + 1);
		assertSameAnswer(acceptingJson, this.isv.get(lookup("1", SOURCE) + "?via=chain"));
		ServiceApi.Response encoded = this.isv.get(lookup("1", "cn%2Dhangzhou"));
		assertThat(answered()).as("an encoded path is left to the chain").isEqualTo(before + 1);
		assertSameAnswer(encoded, this.isv.get(lookup("1", SOURCE) + "?via=chain"));
		ServiceApi.Response withBody = this.isv.send("GET", lookup("1", SOURCE), "{}", Map.of());
		assertThat(answered()).as("a request with a body is left to the chain").isEqualTo(before + 1);
		assertThat(withBody.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(lookupsTimed()).as("request metrics under the lookup's pattern")
				.isEqualTo(timed + 5));
		assertThat(this.meters.find("http.server.requests")
			.tag("uri", DirectLookupFilter.PATTERN)
			.tag("status", "200")
			.timers()).as("the request observation's timer, with the same tags").hasSize(1);
	}

	@Test
	void aLookupThatDoesNotResolveIsLeftToTheChainAndAnsweredWithItsProblem() {
		List<String> paths = List.of(lookup("1", "eu-west-1"), lookup("1", "ap-south-1"), lookup("2", SOURCE),
				"/v1/mappings/pkg-unknown/versions/1/regions/" + SOURCE, lookup("draft", SOURCE), lookup("0", SOURCE),
				lookup("1", "NOWHERE"), lookup("1", SOURCE) + "/");
		for (String path : paths) {
			long before = answered();
			ServiceApi.Response answer = this.isv.get(path);
			assertThat(answered()).as(path).isEqualTo(before);
			assertThat(answer.status()).as(path).isBetween(400, 499);
			assertThat(answer.header("Content-Type")).as(path).isEqualTo("application/problem+json");
		}
		long before = answered();
		ServiceApi stranger = ServiceApi.as(this.port, "other-" + System.nanoTime());
		assertThat(stranger.get(lookup("1", SOURCE)).status()).isEqualTo(404);
		assertThat(ServiceApi.anonymous(this.port).get(lookup("1", SOURCE)).status()).isEqualTo(401);
		assertThat(this.isv.send("GET", lookup("1", SOURCE), null, Map.of("Accept", "text/html")).status())
			.isEqualTo(406);
		assertThat(this.isv.send("HEAD", lookup("1", SOURCE), null, Map.of()).status()).isEqualTo(200);
		assertThat(answered()).isEqualTo(before);
	}

	@Test
	void aRequestWithSeveralAcceptHeadersIsLeftToTheChainWhichReadsThemAll() throws Exception {
		String token = ServiceApi.mintToken(this.port, this.owner);
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + lookup("1", SOURCE)))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "*/*")
			.header("Accept", "application/yaml")
			.GET()
			.build();
		long before = answered();

		HttpResponse<String> answer = HttpClient.newHttpClient().send(request, BodyHandlers.ofString());

		assertThat(answered()).isEqualTo(before);
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/yaml");
	}

	@Test
	void aTokenTheChainRefusesIsLeftToTheChain() {
		String token = ServiceApi.mintToken(this.port, this.owner);
		String[] parts = token.split("\\.");
		String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "x" + "." + parts[2];
		for (String authorization : List.of("Bearer " + forged, "Bearer not-a-token", "Basic dXNlcjpwYXNz",
				"Bearer  " + token, "bearer")) {
			long before = answered();
			ServiceApi.Response answer = ServiceApi.anonymous(this.port)
				.send("GET", lookup("1", SOURCE), null, Map.of("Authorization", authorization));
			assertThat(answered()).as(authorization).isEqualTo(before);
			assertThat(answer.status()).as(authorization).isEqualTo(401);
		}
		ServiceApi.Response accepted = ServiceApi.anonymous(this.port)
			.send("GET", lookup("1", SOURCE), null, Map.of("Authorization", "Bearer " + token));
		assertThat(accepted.status()).isEqualTo(200);
	}

	private void assertSameAnswer(ServiceApi.Response direct, ServiceApi.Response chain) {
		assertThat(direct.status()).isEqualTo(chain.status());
		assertThat(direct.body()).isEqualTo(chain.body());
		assertThat(direct.headersButDate()).isEqualTo(chain.headersButDate());
	}

	private long lookupsTimed() {
		Timer timer = this.meters.find("http.server.requests")
			.tag("uri", DirectLookupFilter.PATTERN)
			.tag("status", "200")
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	private long answered() {
		return this.registration.getFilter().answered();
	}

	private String lookup(String version, String region) {
		return "/v1/mappings/" + this.packageId + "/versions/" + version + "/regions/" + region;
	}

}
