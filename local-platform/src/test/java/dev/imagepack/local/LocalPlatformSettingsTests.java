package dev.imagepack.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.imagepack.local.LocalPlatformSettings.InvalidSettingsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Checks how command-line options and environment variables become settings, and that bad
 * input is explained in one line.
 */
class LocalPlatformSettingsTests {

	@Test
	void nothingGivenMeansTheDefaults() {
		LocalPlatformSettings settings = parse();
		assertThat(settings).isEqualTo(LocalPlatformSettings.defaults());
		assertThat(settings.dataDirectory()).isEqualTo(Path.of(".run/local-platform"));
		assertThat(settings.kafkaPort()).isEqualTo(9092);
		assertThat(settings.controllerPort()).isEqualTo(9093);
		assertThat(settings.stores()).containsExactly("package-service", "replication-service", "mapping-service",
				"permission-service");
		assertThat(settings.reset()).isFalse();
	}

	@Test
	void storesListenOnConsecutivePortsFromTheBasePort() {
		LocalPlatformSettings settings = parse("--mongo-base-port", "30000");
		assertThat(settings.mongoPort("package-service")).isEqualTo(30000);
		assertThat(settings.mongoPort("replication-service")).isEqualTo(30001);
		assertThat(settings.mongoPort("mapping-service")).isEqualTo(30002);
		assertThat(settings.mongoPort("permission-service")).isEqualTo(30003);
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> settings.mongoPort("billing"))
			.withMessageContaining("unknown store 'billing'");
	}

	@Test
	void optionsAcceptSeparateAndInlineValues() {
		LocalPlatformSettings settings = parse("--data-dir", "/tmp/run", "--kafka-port=19092", "--controller-port",
				"19093", "--stores=a,b", "--reset");
		assertThat(settings)
			.isEqualTo(new LocalPlatformSettings(Path.of("/tmp/run"), 19092, 19093, 27017, List.of("a", "b"), true));
	}

	@Test
	void environmentVariablesApplyUnlessAnOptionIsGiven() {
		Map<String, String> environment = Map.of("LOCAL_PLATFORM_DATA_DIR", "/data", "LOCAL_PLATFORM_KAFKA_PORT",
				"29092", "LOCAL_PLATFORM_CONTROLLER_PORT", "29093", "LOCAL_PLATFORM_MONGO_BASE_PORT", "37017");
		LocalPlatformSettings settings = LocalPlatformSettings.parse(List.of("--kafka-port", "39092"), environment);
		assertThat(settings.dataDirectory()).isEqualTo(Path.of("/data"));
		assertThat(settings.kafkaPort()).isEqualTo(39092);
		assertThat(settings.controllerPort()).isEqualTo(29093);
		assertThat(settings.mongoBasePort()).isEqualTo(37017);
	}

	@Test
	void aPortThatIsNotANumberIsNamedWithItsOption() {
		assertThatExceptionOfType(InvalidSettingsException.class).isThrownBy(() -> parse("--kafka-port", "nine"))
			.withMessage("--kafka-port must be a port number between 1 and 65535, got 'nine'");
	}

	@Test
	void aPortOutOfRangeIsNamedWithItsOption() {
		assertThatExceptionOfType(InvalidSettingsException.class).isThrownBy(() -> parse("--controller-port", "70000"))
			.withMessage("--controller-port must be a port number between 1 and 65535, got '70000'");
	}

	@Test
	void aBadPortFromTheEnvironmentIsNamedWithItsVariable() {
		assertThatExceptionOfType(InvalidSettingsException.class)
			.isThrownBy(() -> LocalPlatformSettings.parse(List.of(), Map.of("LOCAL_PLATFORM_MONGO_BASE_PORT", "-1")))
			.withMessage("LOCAL_PLATFORM_MONGO_BASE_PORT must be a port number between 1 and 65535, got '-1'");
	}

	@Test
	void anUnknownOptionIsRejected() {
		assertThatExceptionOfType(InvalidSettingsException.class).isThrownBy(() -> parse("--kafka", "9092"))
			.withMessage("unknown option '--kafka'");
	}

	@Test
	void anOptionWithoutItsValueIsRejected() {
		assertThatExceptionOfType(InvalidSettingsException.class).isThrownBy(() -> parse("--data-dir", "--reset"))
			.withMessage("--data-dir needs a value");
		assertThatExceptionOfType(InvalidSettingsException.class).isThrownBy(() -> parse("--kafka-port"))
			.withMessage("--kafka-port needs a value");
	}

	@Test
	void componentsMustNotShareAPort() {
		assertThatExceptionOfType(InvalidSettingsException.class)
			.isThrownBy(() -> parse("--kafka-port", "9000", "--controller-port", "9000"))
			.withMessage("--kafka-port and --controller-port must differ, both are 9000");
		assertThatExceptionOfType(InvalidSettingsException.class).isThrownBy(() -> parse("--kafka-port", "27018"))
			.withMessage("--kafka-port 27018 collides with the store ports 27017-27020 (--mongo-base-port)");
	}

	@Test
	void storesNeedUsableUniqueNamesAndRoomForTheirPorts() {
		assertThatExceptionOfType(InvalidSettingsException.class).isThrownBy(() -> parse("--stores", "a,,b"))
			.withMessageStartingWith("--stores: '' is not a valid store name");
		assertThatExceptionOfType(InvalidSettingsException.class).isThrownBy(() -> parse("--stores", "../etc"))
			.withMessageStartingWith("--stores: '../etc' is not a valid store name");
		assertThatExceptionOfType(InvalidSettingsException.class).isThrownBy(() -> parse("--stores", "a,a"))
			.withMessage("--stores names 'a' twice");
		assertThatExceptionOfType(InvalidSettingsException.class).isThrownBy(() -> parse("--mongo-base-port", "65534"))
			.withMessage("--mongo-base-port 65534 leaves no room for 4 stores up to port 65535");
	}

	private static LocalPlatformSettings parse(String... args) {
		return LocalPlatformSettings.parse(List.of(args), Map.of());
	}

}
