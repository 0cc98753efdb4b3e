package dev.observability.tracing;

import dev.observability.core.DropCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts spans the starter could not deliver in {@value #METER_NAME}, tagged with the
 * {@code reason}.
 */
public final class SpanDropCounter extends DropCounter {

	public static final String METER_NAME = "observability.spans.dropped";

	public SpanDropCounter(ObjectProvider<MeterRegistry> registry) {
		super(METER_NAME, "Spans the starter could not deliver", registry);
	}

}
