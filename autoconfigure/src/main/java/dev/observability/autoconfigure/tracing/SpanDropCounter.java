package dev.observability.autoconfigure.tracing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts spans the starter could not deliver in {@value #METER_NAME}, tagged with the
 * {@code reason}. The registry is looked up at the first drop, never during startup.
 */
final class SpanDropCounter {

	static final String METER_NAME = "observability.spans.dropped";

	private final ObjectProvider<MeterRegistry> registry;

	SpanDropCounter(ObjectProvider<MeterRegistry> registry) {
		this.registry = registry;
	}

	void dropped(String reason, long spans) {
		MeterRegistry meterRegistry = (this.registry != null) ? this.registry.getIfUnique() : null;
		if (meterRegistry == null || spans <= 0) {
			return;
		}
		Counter.builder(METER_NAME)
			.description("Spans the starter could not deliver")
			.tag("reason", reason)
			.register(meterRegistry)
			.increment(spans);
	}

}
