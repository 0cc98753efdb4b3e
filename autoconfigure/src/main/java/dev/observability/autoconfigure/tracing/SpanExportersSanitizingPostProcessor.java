package dev.observability.autoconfigure.tracing;

import java.util.List;

import dev.observability.tracing.SanitizingSpanExporter;
import dev.observability.tracing.SpanDataSanitizer;
import dev.observability.tracing.SpanDropCounter;
import dev.observability.core.HookFailures;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.actuate.autoconfigure.tracing.SpanExporters;

/**
 * Puts one {@link SanitizingSpanExporter} around all the exporters of the {@link SpanExporters}
 * bean, the list Spring Boot builds its batch span processor from, whether the starter or the
 * application defined it: the export boundary, where every span passes whatever produced it. Each
 * batch is masked once, however many exporters it goes to.
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
		List<SpanExporter> list = exporters.list();
		if (list.isEmpty() || (list.size() == 1 && list.get(0) instanceof SanitizingSpanExporter)) {
			return bean;
		}
		// One masking for all exporters (OTLP and the console, say), not one each.
		SpanExporter all = (list.size() == 1) ? list.get(0) : SpanExporter.composite(list);
		return SpanExporters.of(List.of(new SanitizingSpanExporter(all, this.sanitizer.getObject(),
				this.failures.getIfAvailable(HookFailures::logOnly), this.drops.getIfAvailable())));
	}

}
