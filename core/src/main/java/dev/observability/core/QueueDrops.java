package dev.observability.core;

import java.util.function.Consumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;

/**
 * Counts the spans or log records that a batch processor of OpenTelemetry's SDK dropped because its
 * queue was full, as {@code reason="export_queue_full"}. The batch processor is handed a
 * {@link MeterProvider} of the metrics API made for that one purpose: the counter it records what
 * it processed into passes the dropped items straight to the starter's counter, and every other
 * instrument is a no-op. No metrics SDK, reader thread or aggregation is involved.
 * <p>
 * Both names the SDK has used for that counter are read: {@code processedSpans} (or
 * {@code processedLogs}) with {@code dropped=true}, and the semantic-convention
 * {@code otel.sdk.processor.span.processed} (or {@code ...log.processed}) with an
 * {@code error.type}.
 */
public final class QueueDrops {

	public static final String REASON = "export_queue_full";

	private static final AttributeKey<Boolean> LEGACY_DROPPED = AttributeKey.booleanKey("dropped");

	private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	private static final Meter NOOP = MeterProvider.noop().get("noop");

	private QueueDrops() {
	}

	/**
	 * A meter provider that reports the queue drops of one signal to the given counter.
	 * @param signal the signal whose batch processor records into it
	 * @param drops where dropped items are counted
	 * @return the meter provider, for the batch processor of that signal
	 */
	public static MeterProvider meterProvider(Signal signal, DropCounter drops) {
		DropMeter meter = new DropMeter(signal, drops);
		return (name) -> new MeterBuilder() {

			@Override
			public MeterBuilder setSchemaUrl(String schemaUrl) {
				return this;
			}

			@Override
			public MeterBuilder setInstrumentationVersion(String instrumentationVersion) {
				return this;
			}

			@Override
			public Meter build() {
				return meter;
			}

		};
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

	private static final class DropMeter implements Meter {

		private final Signal signal;

		private final DropCounter drops;

		DropMeter(Signal signal, DropCounter drops) {
			this.signal = signal;
			this.drops = drops;
		}

		@Override
		public LongCounterBuilder counterBuilder(String name) {
			if (this.signal.legacyName.equals(name)) {
				return new DropCounterBuilder(name, new ProcessedCounter(this.drops, true));
			}
			if (this.signal.semconvName.equals(name)) {
				return new DropCounterBuilder(name, new ProcessedCounter(this.drops, false));
			}
			return NOOP.counterBuilder(name);
		}

		@Override
		public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
			return NOOP.upDownCounterBuilder(name);
		}

		@Override
		public DoubleHistogramBuilder histogramBuilder(String name) {
			return NOOP.histogramBuilder(name);
		}

		@Override
		public DoubleGaugeBuilder gaugeBuilder(String name) {
			return NOOP.gaugeBuilder(name);
		}

	}

	private static final class DropCounterBuilder implements LongCounterBuilder {

		private final String name;

		private final LongCounter counter;

		DropCounterBuilder(String name, LongCounter counter) {
			this.name = name;
			this.counter = counter;
		}

		@Override
		public LongCounterBuilder setDescription(String description) {
			return this;
		}

		@Override
		public LongCounterBuilder setUnit(String unit) {
			return this;
		}

		@Override
		public DoubleCounterBuilder ofDoubles() {
			return NOOP.counterBuilder(this.name).ofDoubles();
		}

		@Override
		public LongCounter build() {
			return this.counter;
		}

		@Override
		public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
			return NOOP.counterBuilder(this.name).buildWithCallback(callback);
		}

	}

	/**
	 * The processor's count of what it processed: the part recorded as dropped goes to the drop
	 * counter, on the thread that recorded it.
	 */
	private static final class ProcessedCounter implements LongCounter {

		private final DropCounter drops;

		private final boolean legacy;

		ProcessedCounter(DropCounter drops, boolean legacy) {
			this.drops = drops;
			this.legacy = legacy;
		}

		@Override
		public void add(long value) {
			// No attributes: processed, not dropped.
		}

		@Override
		public void add(long value, Attributes attributes) {
			boolean dropped = this.legacy ? Boolean.TRUE.equals(attributes.get(LEGACY_DROPPED))
					: attributes.get(ERROR_TYPE) != null;
			if (dropped && value > 0) {
				try {
					this.drops.dropped(REASON, value);
				}
				catch (RuntimeException ex) {
					// Called where the processor enqueues, on the application's thread: a count that
					// cannot be made is lost, never thrown there.
				}
			}
		}

		@Override
		public void add(long value, Attributes attributes, Context context) {
			add(value, attributes);
		}

	}

}
