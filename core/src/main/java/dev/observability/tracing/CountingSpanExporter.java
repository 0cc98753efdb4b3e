package dev.observability.tracing;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Wraps an exporter (the OTLP one) to count the spans of every failed export, such as a refused or
 * black-holed collector, as {@code observability.spans.dropped{reason="export_failed"}}.
 */
public final class CountingSpanExporter implements SpanExporter {

	private final SpanExporter delegate;

	private final SpanDropCounter drops;

	public CountingSpanExporter(SpanExporter delegate, SpanDropCounter drops) {
		this.delegate = delegate;
		this.drops = drops;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		return this.drops.countFailure(this.delegate.export(spans), spans.size());
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
		return "CountingSpanExporter{" + this.delegate + "}";
	}

}
