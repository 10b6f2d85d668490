package dev.imagepack.mapping.version;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * Keeps this instance's view in step with what the other instances store, by calling
 * {@link MappingView#refresh()} every {@code imagepack.mapping.refresh-interval}, or less
 * often when a refresh is slow: the next one waits at least
 * {@value #PAUSE_PER_REFRESH_TIME} times as long as the last one took. A refresh reads
 * only the changed packages through the {@code storedAt} index (the embedded store, which
 * read every package for it until it kept secondary indexes, too), but many changed at
 * once, or a slow store, would otherwise keep a core busy.
 */
@Component
class MappingRefresher implements SmartLifecycle {

	static final int PAUSE_PER_REFRESH_TIME = 20;

	private static final Logger logger = LoggerFactory.getLogger(MappingRefresher.class);

	private final MappingView view;

	private final MongoTemplate mongo;

	private final Duration interval;

	private volatile @Nullable ScheduledExecutorService scheduler;

	MappingRefresher(MappingView view, MongoTemplate mongo,
			@Value("${imagepack.mapping.refresh-interval:1s}") Duration interval) {
		this.view = view;
		this.mongo = mongo;
		this.interval = interval;
	}

	@Override
	public void start() {
		this.mongo.indexOps(MappingView.COLLECTION)
			.createIndex(new Index().on(MappingView.STORED_AT, Sort.Direction.ASC).named("storedAt"));
		ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "mapping-refresh");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler = started;
		started.schedule(this::refresh, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void refresh() {
		long started = System.nanoTime();
		try {
			this.view.refresh();
		}
		catch (RuntimeException ex) {
			logger.atWarn().setCause(ex).log("Refreshing the mappings from the store failed; trying again");
		}
		ScheduledExecutorService running = this.scheduler;
		if (running != null) {
			long pause = nextPause(this.interval, Duration.ofNanos(System.nanoTime() - started)).toMillis();
			try {
				running.schedule(this::refresh, pause, TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// Stopped meanwhile.
			}
		}
	}

	static Duration nextPause(Duration interval, Duration lastRefresh) {
		Duration proportional = lastRefresh.multipliedBy(PAUSE_PER_REFRESH_TIME);
		return (proportional.compareTo(interval) > 0) ? proportional : interval;
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = this.scheduler;
		if (running != null) {
			running.shutdownNow();
		}
		this.scheduler = null;
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
