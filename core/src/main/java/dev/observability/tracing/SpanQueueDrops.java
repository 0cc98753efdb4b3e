package dev.observability.tracing;

import java.time.Duration;
import java.util.Collection;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;

/**
 * Counts the spans that a batch span processor dropped because its queue was full, as
 * {@code observability.spans.dropped{reason="export_queue_full"}}, through OpenTelemetry's own
 * metrics SDK: Spring Boot hands its batch processor a {@code MeterProvider}, the processor records
 * what it processed into it, and a periodic reader of the SDK exports the increments here.
 * <p>
 * Both names the SDK has used for that counter are read: {@code processedSpans} with
 * {@code dropped=true}, and the semantic-convention {@code otel.sdk.processor.span.processed} with
 * an {@code error.type}. Every other instrument is recorded by the SDK and read by no one.
 */
public final class SpanQueueDrops {

	public static final String REASON = "export_queue_full";

	private static final String LEGACY_NAME = "processedSpans";

	private static final AttributeKey<Boolean> LEGACY_DROPPED = AttributeKey.booleanKey("dropped");

	private static final String SEMCONV_NAME = "otel.sdk.processor.span.processed";

	private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	private SpanQueueDrops() {
	}

	/**
	 * A metrics SDK that reports queue drops to the given counter.
	 * @param drops where dropped spans are counted
	 * @param interval how often the increments are read
	 * @return the meter provider, to close with the application
	 */
	public static SdkMeterProvider meterProvider(SpanDropCounter drops, Duration interval) {
		return SdkMeterProvider.builder()
			.registerMetricReader(PeriodicMetricReader.builder(new DropExporter(drops)).setInterval(interval).build())
			.build();
	}

	/**
	 * How many spans the metrics say were dropped for a full queue.
	 */
	static long dropped(Collection<MetricData> metrics) {
		long dropped = 0;
		for (MetricData metric : metrics) {
			if (metric.getType() != MetricDataType.LONG_SUM) {
				continue;
			}
			boolean legacy = LEGACY_NAME.equals(metric.getName());
			if (!legacy && !SEMCONV_NAME.equals(metric.getName())) {
				continue;
			}
			for (LongPointData point : metric.getLongSumData().getPoints()) {
				boolean droppedPoint = legacy ? Boolean.TRUE.equals(point.getAttributes().get(LEGACY_DROPPED))
						: point.getAttributes().get(ERROR_TYPE) != null;
				if (droppedPoint) {
					dropped += point.getValue();
				}
			}
		}
		return dropped;
	}

	private static final class DropExporter implements MetricExporter {

		private final SpanDropCounter drops;

		DropExporter(SpanDropCounter drops) {
			this.drops = drops;
		}

		@Override
		public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
			return AggregationTemporality.DELTA;
		}

		@Override
		public CompletableResultCode export(Collection<MetricData> metrics) {
			long dropped = dropped(metrics);
			if (dropped > 0) {
				this.drops.dropped(REASON, dropped);
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

}
