package dev.observability.tracing;

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
 * The OpenTelemetry {@link MeterProvider} that Spring Boot hands to its batch span processor, so
 * that the spans the processor drops when its queue is full (more spans ended than the exporter
 * sends) are counted as {@code observability.spans.dropped{reason="export_queue_full"}}, the reason
 * the export of kept error traces uses for the same thing. Only that counter is heard; every other
 * instrument is OpenTelemetry's no-op one, as without a provider.
 * <p>
 * The processor reports each span through a counter named {@code processedSpans}, with the
 * attribute {@code dropped=true} for the ones it could not queue.
 */
public final class SpanQueueDropMeterProvider implements MeterProvider {

	public static final String REASON = "export_queue_full";

	private static final String PROCESSED_SPANS = "processedSpans";

	private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

	private final MeterProvider noop = MeterProvider.noop();

	private final SpanDropCounter drops;

	public SpanQueueDropMeterProvider(SpanDropCounter drops) {
		this.drops = drops;
	}

	@Override
	public MeterBuilder meterBuilder(String instrumentationScopeName) {
		MeterBuilder delegate = this.noop.meterBuilder(instrumentationScopeName);
		return new MeterBuilder() {

			@Override
			public MeterBuilder setSchemaUrl(String schemaUrl) {
				delegate.setSchemaUrl(schemaUrl);
				return this;
			}

			@Override
			public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
				delegate.setInstrumentationVersion(instrumentationScopeVersion);
				return this;
			}

			@Override
			public Meter build() {
				return new DropHearingMeter(delegate.build());
			}

		};
	}

	private final class DropHearingMeter implements Meter {

		private final Meter delegate;

		DropHearingMeter(Meter delegate) {
			this.delegate = delegate;
		}

		@Override
		public LongCounterBuilder counterBuilder(String name) {
			LongCounterBuilder builder = this.delegate.counterBuilder(name);
			return PROCESSED_SPANS.equals(name) ? new DroppedSpansCounterBuilder(builder) : builder;
		}

		@Override
		public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
			return this.delegate.upDownCounterBuilder(name);
		}

		@Override
		public DoubleHistogramBuilder histogramBuilder(String name) {
			return this.delegate.histogramBuilder(name);
		}

		@Override
		public DoubleGaugeBuilder gaugeBuilder(String name) {
			return this.delegate.gaugeBuilder(name);
		}

	}

	private final class DroppedSpansCounterBuilder implements LongCounterBuilder {

		private final LongCounterBuilder delegate;

		DroppedSpansCounterBuilder(LongCounterBuilder delegate) {
			this.delegate = delegate;
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
			return this.delegate.ofDoubles();
		}

		@Override
		public LongCounter build() {
			return new DroppedSpansCounter();
		}

		@Override
		public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
			return this.delegate.buildWithCallback(callback);
		}

	}

	private final class DroppedSpansCounter implements LongCounter {

		@Override
		public void add(long value) {
		}

		@Override
		public void add(long value, Attributes attributes) {
			if (Boolean.TRUE.equals(attributes.get(DROPPED))) {
				SpanQueueDropMeterProvider.this.drops.dropped(REASON, value);
			}
		}

		@Override
		public void add(long value, Attributes attributes, Context context) {
			add(value, attributes);
		}

	}

}
