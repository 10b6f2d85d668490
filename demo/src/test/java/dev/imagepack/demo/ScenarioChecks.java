package dev.imagepack.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the demo's scenario must show on a whole running system, however it was deployed.
 */
final class ScenarioChecks {

	private ScenarioChecks() {
	}

	/**
	 * Plays the scenario with the shipped template and asserts that every step ended as
	 * expected, the failures and refusals the scenario provokes included.
	 * @param urls the four services
	 * @throws IOException if the shipped template cannot be read
	 */
	static void playsAsExpected(Scenario.Urls urls) throws IOException {
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(new TeeStream(printed, System.out), true, StandardCharsets.UTF_8);

		int exit = new Scenario(urls, DemoApplication.shippedTemplate(), out, false, Duration.ofMinutes(3)).run();

		String output = printed.toString(StandardCharsets.UTF_8);
		assertThat(exit).as(output).isZero();
		assertThat(output).contains("SUCCESS: 6 of 6 steps as expected")
			.contains("rendered for cn-shanghai: refused, 422")
			.contains("us-west-1 failed")
			.contains("customer's lookup in cn-shanghai: 404")
			.contains("version 1 is DELETED: 6 regional copies removed");
	}

	/**
	 * Writes to two streams: one kept for the assertions, one shown in the test log.
	 */
	private static final class TeeStream extends OutputStream {

		private final OutputStream first;

		private final OutputStream second;

		TeeStream(OutputStream first, OutputStream second) {
			this.first = first;
			this.second = second;
		}

		@Override
		public void write(int b) throws IOException {
			this.first.write(b);
			this.second.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.first.write(bytes, offset, length);
			this.second.write(bytes, offset, length);
		}

	}

}
