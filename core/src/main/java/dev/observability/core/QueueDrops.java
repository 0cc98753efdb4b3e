package dev.observability.core;

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
 * Counts the spans or log records that a batch processor of OpenTelemetry's SDK dropped because its
 * queue was full, as {@code reason="export_queue_full"}, through OpenTelemetry's own metrics SDK:
 * the batch processor is handed a {@code MeterProvider}, records what it processed into it, and a
 * periodic reader of the SDK exports the increments here.
 * <p>
 * Both names the SDK has used for that counter are read: {@code processedSpans} (or
 * {@code processedLogs}) with {@code dropped=true}, and the semantic-convention
 * {@code otel.sdk.processor.span.processed} (or {@code ...log.processed}) with an
 * {@code error.type}. Every other instrument is recorded by the SDK and read by no one.
 */
public final class QueueDrops {

	public static final String REASON = "export_queue_full";

	private static final AttributeKey<Boolean> LEGACY_DROPPED = AttributeKey.booleanKey("dropped");

	private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	private QueueDrops() {
	}

	/**
	 * A metrics SDK that reports the queue drops of one signal to the given counter.
	 * @param signal the signal whose batch processor records into it
	 * @param drops where dropped items are counted
	 * @param interval how often the increments are read
	 * @return the meter provider, to close with the application
	 */
	public static SdkMeterProvider meterProvider(Signal signal, DropCounter drops, Duration interval) {
		return SdkMeterProvider.builder()
			.registerMetricReader(
					PeriodicMetricReader.builder(new DropExporter(signal, drops)).setInterval(interval).build())
			.build();
	}

	/**
	 * How many items of a signal the metrics say were dropped for a full queue.
	 */
	static long dropped(Signal signal, Collection<MetricData> metrics) {
		long dropped = 0;
		for (MetricData metric : metrics) {
			if (metric.getType() != MetricDataType.LONG_SUM) {
				continue;
			}
			boolean legacy = signal.legacyName.equals(metric.getName());
			if (!legacy && !signal.semconvName.equals(metric.getName())) {
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

	/**
	 * The signals whose batch processors count what they drop.
	 */
	public enum Signal {

		SPANS("processedSpans", "otel.sdk.processor.span.processed"),

		LOGS("processedLogs", "otel.sdk.processor.log.processed");

		private final String legacyName;

		private final String semconvName;

		Signal(String legacyName, String semconvName) {
			this.legacyName = legacyName;
			this.semconvName = semconvName;
		}

	}

	private static final class DropExporter implements MetricExporter {

		private final Signal signal;

		private final DropCounter drops;

		DropExporter(Signal signal, DropCounter drops) {
			this.signal = signal;
			this.drops = drops;
		}

		@Override
		public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
			return AggregationTemporality.DELTA;
		}

		@Override
		public CompletableResultCode export(Collection<MetricData> metrics) {
			long dropped = dropped(this.signal, metrics);
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
