package dev.observability.sample;

import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The periodic sync; each run logs with its own request id.
 */
@Component
public class SyncJob {

	private static final Logger logger = LoggerFactory.getLogger(SyncJob.class);

	private final AtomicReference<String> lastRunId = new AtomicReference<>();

	private final SyncService sync;

	SyncJob(SyncService sync) {
		this.sync = sync;
	}

	@Scheduled(fixedDelayString = "${sample.sync.period}", initialDelayString = "${sample.sync.initial-delay}")
	void sync() {
		this.lastRunId.set(MDC.get("requestId"));
		this.sync.run("scheduled", false);
		logger.info("Sync run finished");
	}

	public String lastRunId() {
		return this.lastRunId.get();
	}

}
