package dev.imagepack.platform.messaging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.KafkaNull;
import org.springframework.messaging.Message;

import dev.imagepack.events.kafka.CloudEventAttributes;

/**
 * The records of one poll, as a binding in batch mode
 * ({@code spring.cloud.stream.bindings.<name>.consumer.batch-mode=true}) receives them:
 * each with its event and CloudEvents context, or with the reason it cannot be read.
 * <p>
 * A batch handler reports the first record it could not handle with
 * {@link #failedAt(int, Throwable)}. The listener container then keeps the records before
 * it as handled, retries from that record with the binding's back-off, and dead-letters
 * that record alone once the retries are spent; any other exception would retry and
 * finally dead-letter the whole batch.
 */
public final class EventBatch {

	private final List<Entry> entries;

	private EventBatch(List<Entry> entries) {
		this.entries = Collections.unmodifiableList(entries);
	}

	/**
	 * Reads a batch message.
	 * @param message the message a batch-mode binding passes to its consumer
	 * @return the batch, in the order of the records
	 */
	public static EventBatch of(Message<? extends List<?>> message) {
		List<?> payloads = message.getPayload();
		Object converted = message.getHeaders().get(KafkaHeaders.BATCH_CONVERTED_HEADERS);
		List<?> headers = (converted instanceof List<?> list) ? list : List.of();
		Object received = message.getHeaders().get(KafkaHeaders.RECEIVED_KEY);
		List<?> keys = (received instanceof List<?> list) ? list : List.of();
		List<Entry> entries = new ArrayList<>(payloads.size());
		for (int index = 0; index < payloads.size(); index++) {
			Map<?, ?> recordHeaders = (index < headers.size() && headers.get(index) instanceof Map<?, ?> map) ? map
					: Map.of();
			Object key = (index < keys.size()) ? keys.get(index) : null;
			entries.add(entry(index, payloads.get(index), key, recordHeaders));
		}
		return new EventBatch(entries);
	}

	private static Entry entry(int index, @Nullable Object payload, @Nullable Object key, Map<?, ?> headers) {
		if (!(payload instanceof SpecificRecord event)) {
			return new Entry(index, null, null, unreadable(payload));
		}
		try {
			EventMessages.checkKey(key, event);
			CloudEventAttributes attributes = EventMessages.attributesOf(headers);
			EventMessages.checkType(attributes.type(), event);
			return new Entry(index, event, attributes, null);
		}
		catch (IllegalArgumentException ex) {
			return new Entry(index, event, null, ex);
		}
	}

	/**
	 * Why a record holds no event: it has no value, or its value could not be decoded. A
	 * decoding failure stays in the record's headers, where its dead letter's reason is
	 * read from, so this reason is the one a record without a value gets.
	 */
	private static RuntimeException unreadable(@Nullable Object payload) {
		if (payload == null || payload instanceof KafkaNull) {
			return new IllegalArgumentException(
					"The record has no value (event topics carry no tombstones), or its value could not be decoded");
		}
		return new IllegalArgumentException("The record holds no event but a " + payload.getClass().getSimpleName());
	}

	/**
	 * The records, in order.
	 * @return the entries
	 */
	public List<Entry> entries() {
		return this.entries;
	}

	/**
	 * The exception that tells the listener container which record failed.
	 * @param index the record's place in the batch
	 * @param cause why it failed, which its dead letter's reason quotes
	 * @return the exception to throw
	 */
	public static BatchListenerFailedException failedAt(int index, Throwable cause) {
		return new BatchListenerFailedException("Record " + index + " of the batch failed: " + cause.getMessage(),
				cause, index);
	}

	/**
	 * One record of a batch: its event and context, or why it cannot be read.
	 *
	 * @param index its place in the batch
	 * @param event the event, if it could be decoded
	 * @param attributes its CloudEvents context, if its headers hold one
	 * @param failure why the record cannot be read, if it cannot
	 */
	public record Entry(int index, @Nullable SpecificRecord event, @Nullable CloudEventAttributes attributes,
			@Nullable RuntimeException failure) {

	}

}
