package dev.observability.tracing;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each finished, sampled span as one INFO line of the {@value #LOGGER_NAME} logger: name,
 * trace and span ids, parent, duration and attributes. For development
 * ({@code observability.tracing.console-exporter=true}).
 */
public final class ConsoleSpanExporter implements SpanExporter {

	static final String LOGGER_NAME = "dev.observability.spans";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		for (SpanData span : spans) {
			logger.info("span {} trace={} span={} parent={} {}us {} {}", span.getName(), span.getTraceId(),
					span.getSpanId(), span.getParentSpanId(),
					(span.getEndEpochNanos() - span.getStartEpochNanos()) / 1000, span.getStatus().getStatusCode(),
					span.getAttributes().asMap());
		}
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

}
