package dev.imagepack.platform.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterReasonTests {

	@Test
	void theReasonIsTheFirstMessageBeneathTheFrameworksWrappers() {
		Exception failure = new ListenerExecutionFailedException("Listener failed", new DeserializationException(
				"failed to deserialize", new byte[0], false,
				new SerializationException("Record on topic t has a malformed body", new java.io.EOFException())));

		assertThat(reason(failure)).isEqualTo("Record on topic t has a malformed body");
	}

	@Test
	void theReasonIsOneBoundedLine() {
		Exception failure = new IllegalStateException("first line\nsecond line " + "x".repeat(2000));

		String reason = reason(failure);

		assertThat(reason).doesNotContain("\n").startsWith("first line second line");
		assertThat(reason).hasSize(DeadLetteringContainerCustomizer.MAX_REASON_LENGTH);
	}

	private static String reason(Exception failure) {
		return new String(DeadLetteringContainerCustomizer.reasonHeader(failure)
			.lastHeader(DeadLetteringContainerCustomizer.REASON_HEADER)
			.value(), StandardCharsets.UTF_8);
	}

}
