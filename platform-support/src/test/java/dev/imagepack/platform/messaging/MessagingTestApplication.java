package dev.imagepack.platform.messaging;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;

import dev.imagepack.events.VersionPublished;

/**
 * A consumer that records what it receives and fails for one package, to exercise the
 * binder defaults.
 */
@SpringBootApplication
class MessagingTestApplication {

	static final String FAILING_PACKAGE = "pkg-handler-fails";

	@Bean
	BlockingQueue<Message<SpecificRecord>> received() {
		return new LinkedBlockingQueue<>();
	}

	@Bean
	AtomicInteger failedAttempts() {
		return new AtomicInteger();
	}

	@Bean
	Consumer<Message<SpecificRecord>> recordEvents(BlockingQueue<Message<SpecificRecord>> received,
			AtomicInteger failedAttempts) {
		return (message) -> {
			if (message.getPayload() instanceof VersionPublished published
					&& FAILING_PACKAGE.equals(published.getPackageId())) {
				failedAttempts.incrementAndGet();
				throw new IllegalStateException("Package " + FAILING_PACKAGE + " cannot be handled");
			}
			received.add(message);
		};
	}

}
