package dev.imagepack.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Draws a version's per-region progress: a bar, the percent, the status and an estimate
 * of the time left. On a terminal the board is redrawn in place; otherwise a line is
 * printed whenever something changed.
 */
final class ProgressBoard {

	private static final int WIDTH = 24;

	private static final int MIN_PERCENT_FOR_ESTIMATE = 10;

	private final PrintStream out;

	private final boolean terminal;

	private int drawnLines;

	private String last = "";

	ProgressBoard(PrintStream out, boolean terminal) {
		this.out = out;
		this.terminal = terminal;
	}

	void draw(JsonNode version, Instant now) {
		List<String> lines = new ArrayList<>();
		Duration eta = Duration.ZERO;
		for (JsonNode region : version.get("regionResults")) {
			int percent = region.get("percent").asInt();
			String status = region.get("status").asString();
			Duration left = timeLeft(region, percent, now);
			if (left.compareTo(eta) > 0) {
				eta = left;
			}
			int filled = percent * WIDTH / 100;
			String detail = switch (status) {
				case "SUCCEEDED" -> region.get("regionalImageId").asString();
				case "FAILED" -> region.get("failureCode").asString();
				default -> (percent > 0 && !left.isZero()) ? "about " + left.toSeconds() + " s left" : "";
			};
			lines.add(String.format("  %-16s [%s%s] %3d%%  %-12s %s", region.get("region").asString(),
					"#".repeat(filled), "-".repeat(WIDTH - filled), percent, status, detail));
		}
		String header = String.format("  version %s %s%s", version.get("version").asString(),
				version.get("status").asString(), eta.isZero() ? "" : ", about " + eta.toSeconds() + " s to go");
		lines.add(0, header);
		String board = String.join("\n", lines);
		if (board.equals(this.last)) {
			return;
		}
		this.last = board;
		if (this.terminal && this.drawnLines > 0) {
			this.out.print("\u001b[" + this.drawnLines + "F\u001b[J");
		}
		this.out.println(board);
		this.drawnLines = lines.size();
		this.out.flush();
	}

	private static Duration timeLeft(JsonNode region, int percent, Instant now) {
		JsonNode started = region.get("startedAt");
		// Below a tenth, the copy's start-up weighs too much: 1 % after a second's
		// start-up would promise more than a minute and a half.
		if (!"REPLICATING".equals(region.get("status").asString()) || started == null || started.isNull()
				|| percent < MIN_PERCENT_FOR_ESTIMATE || percent >= 100) {
			return Duration.ZERO;
		}
		Duration elapsed = Duration.between(Instant.parse(started.asString()), now);
		if (elapsed.isNegative()) {
			return Duration.ZERO;
		}
		return elapsed.multipliedBy(100 - percent).dividedBy(percent);
	}

}
