package dev.observability.autoconfigure.tracing;

import java.util.List;

import dev.observability.core.HookFailures;
import dev.observability.tracing.CountingSpanExporter;
import dev.observability.tracing.SanitizingSpanExporter;
import dev.observability.tracing.SpanDataSanitizer;
import dev.observability.tracing.SpanDropCounter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Puts one {@link SanitizingSpanExporter} around all the exporters of Spring Boot's
 * {@code SpanExporters} bean ({@link BootSpanExporters}), the list its batch span processor exports
 * to, whether Boot or the application defined it: the export boundary, where every span passes
 * whatever produced it. Each batch is masked once, however many exporters it goes to, and each
 * exporter's failed exports are counted ({@link CountingSpanExporter}). Boot's bean is kept and
 * post-processed, not redefined.
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
		List<SpanExporter> list = BootSpanExporters.exportersOf(bean);
		if (list == null || list.isEmpty()
				|| (list.size() == 1 && list.get(0) instanceof SanitizingSpanExporter)) {
			return bean;
		}
		// One masking for all exporters (OTLP and the console, say), not one each.
		SpanDropCounter drops = this.drops.getIfAvailable();
		List<SpanExporter> counted = (drops != null)
				? list.stream().map((exporter) -> (SpanExporter) new CountingSpanExporter(exporter, drops)).toList()
				: list;
		SpanExporter all = (counted.size() == 1) ? counted.get(0) : SpanExporter.composite(counted);
		return BootSpanExporters.of(new SanitizingSpanExporter(all, this.sanitizer.getObject(),
				this.failures.getIfAvailable(HookFailures::logOnly), drops));
	}

}
