package dev.observability.tracing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts spans the starter could not deliver in {@value #METER_NAME}, tagged with the
 * {@code reason}. The registry is looked up at the first drop, never during startup.
 */
public final class SpanDropCounter {

	public static final String METER_NAME = "observability.spans.dropped";

	private final ObjectProvider<MeterRegistry> registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	public SpanDropCounter(ObjectProvider<MeterRegistry> registry) {
		this.registry = registry;
	}

	void dropped(String reason, long spans) {
		if (spans <= 0) {
			return;
		}
		// Drops come in floods (a full queue drops every span): registry and counter are looked up once.
		Counter counter = this.counters.get(reason);
		if (counter == null) {
			MeterRegistry meterRegistry = (this.registry != null) ? this.registry.getIfUnique() : null;
			if (meterRegistry == null) {
				return;
			}
			counter = this.counters.computeIfAbsent(reason, (key) -> Counter.builder(METER_NAME)
				.description("Spans the starter could not deliver")
				.tag("reason", key)
				.register(meterRegistry));
		}
		counter.increment(spans);
	}

}
