package dev.imagepack.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBoardTests {

	private static final Instant NOW = Instant.parse("2026-12-06T16:00:00Z");

	@Test
	void theTimeLeftIsEstimatedOnceACopyIsATenthDoneAndNotFromItsStartUp() {
		assertThat(header(1, 1)).isEqualTo("  version 1 DISTRIBUTING");
		assertThat(header(9, 1)).isEqualTo("  version 1 DISTRIBUTING");
		assertThat(header(50, 4)).isEqualTo("  version 1 DISTRIBUTING, about 4 s to go");
	}

	private static String header(int percent, int secondsSinceStart) {
		JsonNode version = JsonMapper.builder().build().readTree("""
				{"version": 1, "status": "DISTRIBUTING", "regionResults": [
				  {"region": "cn-shanghai", "status": "REPLICATING", "percent": %d, "startedAt": "%s"}
				]}""".formatted(percent, NOW.minusSeconds(secondsSinceStart)));
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		new ProgressBoard(new PrintStream(printed, true, StandardCharsets.UTF_8), false).draw(version, NOW);
		return printed.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
	}

}
