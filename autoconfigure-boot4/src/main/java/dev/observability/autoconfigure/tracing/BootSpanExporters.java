package dev.observability.autoconfigure.tracing;

import java.util.List;

import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;

/**
 * Spring Boot's list of span exporters, {@link SpanExporters}, wherever the line keeps it.
 */
final class BootSpanExporters {

	private BootSpanExporters() {
	}

	/**
	 * The exporters of a bean that is Spring Boot's list, else {@code null}.
	 */
	static List<SpanExporter> exportersOf(Object bean) {
		return (bean instanceof SpanExporters exporters) ? exporters.list() : null;
	}

	/**
	 * Spring Boot's list holding one exporter.
	 */
	static Object of(SpanExporter exporter) {
		return SpanExporters.of(List.of(exporter));
	}

}
