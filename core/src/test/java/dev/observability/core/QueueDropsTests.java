package dev.observability.core;

import java.time.Duration;
import java.util.Collection;

import dev.observability.logging.LogDropCounter;
import dev.observability.logging.TestLogExporter;
import dev.observability.tracing.SpanDropCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * The spans and log records a real batch processor drops for a full queue reach the starter's
 * counter of that signal through OpenTelemetry's metrics SDK, and nothing else does.
 */
class QueueDropsTests {

	private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

	private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	@Test
	void shouldCountTheSpansABatchProcessorHadNoRoomFor() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		SpanDropCounter drops = new SpanDropCounter(provider(meters));
		MeterProvider meterProvider = QueueDrops.meterProvider(QueueDrops.Signal.SPANS, drops);
		try (SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
					.addSpanProcessor(BatchSpanProcessor.builder(new StuckExporter())
						.setMaxQueueSize(2)
						.setMaxExportBatchSize(1)
						.setExporterTimeout(Duration.ofMillis(200))
						.setMeterProvider(meterProvider)
						.build())
					.build()) {
			for (int i = 0; i < 20; i++) {
				Span span = tracerProvider.get("test").spanBuilder("work").startSpan();
				span.end();
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(meters.find(SpanDropCounter.METER_NAME)
					.tag("reason", QueueDrops.REASON)
					.counter()).isNotNull()
					.satisfies((counter) -> assertThat(counter.count()).isGreaterThanOrEqualTo(10)));
		}
	}

	@Test
	void shouldCountTheLogRecordsABatchProcessorHadNoRoomFor() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		LogDropCounter drops = new LogDropCounter(provider(meters));
		MeterProvider meterProvider = QueueDrops.meterProvider(QueueDrops.Signal.LOGS, drops);
		try (SdkLoggerProvider loggerProvider = SdkLoggerProvider.builder()
					.addLogRecordProcessor(BatchLogRecordProcessor.builder(TestLogExporter.stuck())
						.setMaxQueueSize(2)
						.setMaxExportBatchSize(1)
						.setExporterTimeout(Duration.ofMillis(200))
						.setMeterProvider(meterProvider)
						.build())
					.build()) {
			for (int i = 0; i < 20; i++) {
				loggerProvider.get("test").logRecordBuilder().setBody("line " + i).emit();
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(meters.find(LogDropCounter.METER_NAME)
					.tag("reason", QueueDrops.REASON)
					.counter()).isNotNull()
					.satisfies((counter) -> assertThat(counter.count()).isGreaterThanOrEqualTo(10)));
			assertThat(meters.find(SpanDropCounter.METER_NAME).counter()).isNull();
		}
	}

	@Test
	void shouldReadOnlyTheCounterOfItsSignal() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		LogDropCounter drops = new LogDropCounter(provider(meters));
		Meter meter = QueueDrops.meterProvider(QueueDrops.Signal.LOGS, drops).get("io.opentelemetry.sdk.logs");
		meter.counterBuilder("processedLogs").build().add(4, Attributes.of(DROPPED, true));
		meter.counterBuilder("otel.sdk.processor.log.processed")
			.build()
			.add(1, Attributes.of(ERROR_TYPE, "queue_full"));
		meter.counterBuilder("processedSpans").build().add(100, Attributes.of(DROPPED, true));
		assertThat(meters.get(LogDropCounter.METER_NAME).tag("reason", QueueDrops.REASON).counter().count())
			.isEqualTo(5);
	}

	@Test
	void shouldReadBothNamesTheSdkGaveTheCounterAndNothingElse() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		SpanDropCounter drops = new SpanDropCounter(provider(meters));
		Meter meter = QueueDrops.meterProvider(QueueDrops.Signal.SPANS, drops).get("io.opentelemetry.sdk.trace");
		meter.counterBuilder("processedSpans").build().add(3, Attributes.of(DROPPED, true));
		meter.counterBuilder("processedSpans").build().add(5, Attributes.of(DROPPED, false));
		meter.counterBuilder("otel.sdk.processor.span.processed")
			.build()
			.add(2, Attributes.of(ERROR_TYPE, "queue_full"));
		meter.counterBuilder("otel.sdk.processor.span.processed").build().add(7);
		meter.counterBuilder("somethingElse").build().add(100, Attributes.of(DROPPED, true));
		meter.counterBuilder("processedSpans").ofDoubles().build().add(9, Attributes.of(DROPPED, true));
		meter.upDownCounterBuilder("processedSpans").build().add(9, Attributes.of(DROPPED, true));
		assertThat(meters.get(SpanDropCounter.METER_NAME).tag("reason", QueueDrops.REASON).counter().count())
			.isEqualTo(5);
	}

	@Test
	void shouldNeverThrowIntoTheThreadThatRecordsADrop() {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		ObjectProvider<MeterRegistry> broken = beans.getBeanProvider(MeterRegistry.class);
		DropCounter drops = new DropCounter("broken", "a counter that cannot count", broken) {

			@Override
			public void dropped(String reason, long count) {
				throw new IllegalStateException("no registry");
			}

		};
		Meter meter = QueueDrops.meterProvider(QueueDrops.Signal.SPANS, drops).get("io.opentelemetry.sdk.trace");
		assertThatNoException().isThrownBy(() -> {
			meter.counterBuilder("processedSpans").build().add(1, Attributes.of(DROPPED, true));
			meter.counterBuilder("otel.sdk.processor.span.processed")
				.build()
				.add(1, Attributes.of(ERROR_TYPE, "queue_full"));
		});
	}

	/**
	 * An exporter that never finishes, as one stuck on a black-holed collector.
	 */
	static final class StuckExporter implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			return new CompletableResultCode();
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

	private static ObjectProvider<MeterRegistry> provider(MeterRegistry meters) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("meters", meters);
		return beans.getBeanProvider(MeterRegistry.class);
	}

}
