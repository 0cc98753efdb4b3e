package dev.observability.logging;

import dev.observability.core.DropCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts log records the starter could not send over OTLP in {@value #METER_NAME}, tagged with the
 * {@code reason}: {@code export_queue_full}, {@code export_failed}, {@code sanitizer_failed},
 * {@code appender_failed}. Console lines dropped by the asynchronous console share the meter, as
 * {@code console_queue_full}.
 */
public final class LogDropCounter extends DropCounter {

	public static final String METER_NAME = AsyncConsoleInstaller.DROPPED_METER;

	public LogDropCounter(ObjectProvider<MeterRegistry> registry) {
		super(METER_NAME, "Log lines the starter could not deliver", registry);
	}

}
