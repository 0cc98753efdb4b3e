package dev.observability.sample;

import java.util.concurrent.ThreadLocalRandom;

import dev.observability.tracing.Flows;
import io.micrometer.observation.annotation.Observed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A sync run, observed as {@code sync.run} with its {@code source}, counting the items it wrote
 * ({@code sync_run_items_total}) and recording the run in the in-memory database, so the connection
 * pool has work to show.
 */
@Service
public class SyncService {

	private static final Logger logger = LoggerFactory.getLogger(SyncService.class);

	private final Flows flows;

	private final JdbcClient jdbc;

	SyncService(Flows flows, JdbcClient jdbc) {
		this.flows = flows;
		this.jdbc = jdbc;
	}

	@Observed(name = "sync.run")
	public int run(String source, boolean fail) {
		this.flows.tag("source", source);
		if (fail) {
			throw new IllegalStateException("Sync from " + source + " failed on request");
		}
		int items = ThreadLocalRandom.current().nextInt(1, 50);
		this.flows.count("items", items);
		this.flows.attribute("items", items);
		this.jdbc.sql("insert into sync_run (source, items) values (?, ?)").params(source, items).update();
		logger.info("Synced {} items from {}", items, source);
		return items;
	}

}
