package dev.imagepack.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

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
	 * Plays the scenario with the shipped template's image literal changed, and with a
	 * template whose image is a parameter, which is refused before anything is created.
	 * @param urls the four services
	 * @throws IOException if the shipped template cannot be read
	 */
	static void playsWithTheTemplatesItIsGiven(Scenario.Urls urls) throws IOException {
		String ownLiteral = DemoApplication.shippedTemplate().replace("centos_7", "my_web_image");
		String played = play(urls, ownLiteral);
		assertThat(played).contains("the template's ImageId literal 'my_web_image'")
			.contains("SUCCESS: 6 of 6 steps as expected");

		String parameter = DemoApplication.shippedTemplate().replace("ImageId: centos_7", "ImageId: {Ref: ZoneId}");
		String refused = play(urls, parameter);
		assertThat(refused).contains("the demo needs a ROS template with exactly one image property")
			.contains("FAILURE: 0 of 6 steps as expected")
			.doesNotContain("(package pkg-");
	}

	/**
	 * Plays the scenario while a failure rule left over from a trial fails one of its
	 * other regions, which the demo reports as a step not as expected, although its retry
	 * would mend it.
	 * @param urls the four services
	 * @throws IOException if the shipped template cannot be read
	 */
	static void reportsAFailureItDidNotProvoke(Scenario.Urls urls) throws IOException {
		Api operator = Api.as(urls.replication(), "ops-checks", "operator");
		Map<String, Object> leftOver = Map.of("operation", "COPY", "region", "eu-central-1", "failure",
				"PERMISSION_DENIED", "times", 1);
		assertThat(operator.post("/dev/simulator/failures", leftOver).status()).isEqualTo(201);
		try {
			String played = play(urls, DemoApplication.shippedTemplate());
			assertThat(played).contains("expected only us-west-1 to fail, but eu-central-1 (PERMISSION_DENIED) failed")
				.contains("FAILURE: 2 of 6 steps as expected");
		}
		finally {
			operator.delete("/dev/simulator/failures");
		}
	}

	private static String play(Scenario.Urls urls, String template) {
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(new TeeStream(printed, System.out), true, StandardCharsets.UTF_8);
		new Scenario(urls, template, out, false, Duration.ofMinutes(3)).run();
		return printed.toString(StandardCharsets.UTF_8);
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
