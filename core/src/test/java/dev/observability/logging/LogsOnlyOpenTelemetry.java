package dev.observability.logging;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;

/**
 * An OpenTelemetry for tests whose logs go to the provider given, with no traces and no
 * propagation: what a log appender is installed with.
 */
public final class LogsOnlyOpenTelemetry implements OpenTelemetry {

	private final LoggerProvider logs;

	public LogsOnlyOpenTelemetry(LoggerProvider logs) {
		this.logs = logs;
	}

	@Override
	public TracerProvider getTracerProvider() {
		return TracerProvider.noop();
	}

	@Override
	public LoggerProvider getLogsBridge() {
		return this.logs;
	}

	@Override
	public ContextPropagators getPropagators() {
		return ContextPropagators.noop();
	}

}
