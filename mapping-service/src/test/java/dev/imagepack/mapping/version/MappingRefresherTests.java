package dev.imagepack.mapping.version;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MappingRefresherTests {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	@Test
	void aQuickRefreshIsFollowedByTheNextAfterTheInterval() {
		assertThat(MappingRefresher.nextPause(INTERVAL, Duration.ofMillis(3))).isEqualTo(INTERVAL);
	}

	@Test
	void aSlowRefreshPushesTheNextOneBackInProportion() {
		assertThat(MappingRefresher.nextPause(INTERVAL, Duration.ofMillis(400))).isEqualTo(Duration.ofSeconds(8));
	}

}
