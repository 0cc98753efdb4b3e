package dev.observability.tracing;

import java.util.Collection;

import dev.observability.core.HookFailures;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Wraps each exporter Spring Boot hands spans to (OTLP, Zipkin, the console), so that it receives
 * only spans the {@link SpanDataSanitizer} has masked, whichever processor sends them: Spring
 * Boot's batch processor and {@link ErrorTraceSpanProcessor} alike. Should masking itself fail,
 * the batch is dropped and counted, never sent as it was.
 */
public final class SanitizingSpanExporter implements SpanExporter {

	private final SpanExporter delegate;

	private final SpanDataSanitizer sanitizer;

	private final HookFailures failures;

	private final SpanDropCounter drops;

	public SanitizingSpanExporter(SpanExporter delegate, SpanDataSanitizer sanitizer, HookFailures failures,
			SpanDropCounter drops) {
		this.delegate = delegate;
		this.sanitizer = sanitizer;
		this.failures = failures;
		this.drops = drops;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		Collection<SpanData> sanitized;
		try {
			sanitized = this.sanitizer.sanitize(spans);
		}
		catch (Throwable ex) {
			this.failures.failed(HookFailures.Part.SPAN_SANITIZER, ex);
			if (this.drops != null) {
				this.drops.dropped("sanitizer_failed", spans.size());
			}
			return CompletableResultCode.ofFailure();
		}
		return this.delegate.export(sanitized);
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	@Override
	public String toString() {
		return "SanitizingSpanExporter{" + this.delegate + "}";
	}

}
