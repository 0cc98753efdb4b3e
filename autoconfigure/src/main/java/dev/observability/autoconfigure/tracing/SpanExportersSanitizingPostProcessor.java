package dev.observability.autoconfigure.tracing;

import dev.observability.autoconfigure.core.HookFailures;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.actuate.autoconfigure.tracing.SpanExporters;

/**
 * Puts a {@link SanitizingSpanExporter} around every exporter of the {@link SpanExporters} bean,
 * the list Spring Boot builds its batch span processor from, whether the starter or the application
 * defined it: the export boundary, where every span passes whatever produced it.
 */
final class SpanExportersSanitizingPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<SpanDataSanitizer> sanitizer;

	private final ObjectProvider<HookFailures> failures;

	private final ObjectProvider<SpanDropCounter> drops;

	SpanExportersSanitizingPostProcessor(ObjectProvider<SpanDataSanitizer> sanitizer,
			ObjectProvider<HookFailures> failures, ObjectProvider<SpanDropCounter> drops) {
		this.sanitizer = sanitizer;
		this.failures = failures;
		this.drops = drops;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof SpanExporters exporters)) {
			return bean;
		}
		SpanDataSanitizer spanSanitizer = this.sanitizer.getObject();
		HookFailures hookFailures = this.failures.getIfAvailable(HookFailures::logOnly);
		SpanDropCounter dropCounter = this.drops.getIfAvailable();
		return SpanExporters.of(exporters.list()
			.stream()
			.map((exporter) -> (exporter instanceof SanitizingSpanExporter) ? exporter
					: (SpanExporter) new SanitizingSpanExporter(exporter, spanSanitizer, hookFailures, dropCounter))
			.toList());
	}

}
