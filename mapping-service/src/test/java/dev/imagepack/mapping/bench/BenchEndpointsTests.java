package dev.imagepack.mapping.bench;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import dev.imagepack.testsupport.ServiceApi;
import dev.imagepack.testsupport.ServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lookup benchmark's trivial endpoint answers alike whether the security filter chain
 * and MVC answer it or it is answered before them, as lookups are. The tests' context has
 * them enabled ({@code application.properties} of the tests).
 */
@ServiceIntegrationTest
class BenchEndpointsTests {

	private static final String PATH = "/pkg-1/versions/3/regions/cn-hangzhou";

	@Value("${local.server.port}")
	private int port;

	@Test
	void theTrivialEndpointAnsweredBeforeTheChainAnswersAsTheChainDoes() {
		ServiceApi caller = ServiceApi.as(this.port, "isv-bench");

		ServiceApi.Response direct = caller.get("/bench/direct" + PATH);
		ServiceApi.Response chain = caller.get("/bench/baseline" + PATH);

		assertThat(direct.status()).isEqualTo(200);
		assertThat(direct.json().get("accountId").asString()).isEqualTo("isv-bench");
		assertThat(direct.body()).isEqualTo(chain.body());
		assertThat(direct.headersButDate()).isEqualTo(chain.headersButDate());
		assertThat(ServiceApi.anonymous(this.port).get("/bench/direct" + PATH).status()).isEqualTo(401);
	}

}
