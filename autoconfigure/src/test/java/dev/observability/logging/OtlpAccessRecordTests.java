package dev.observability.logging;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.observability.core.HookFailures;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.LoggerBuilder;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access line's record, made directly, is the record OpenTelemetry's own Logback appender
 * makes of the same event, with the version of that appender each Boot line brings; what it cannot
 * map the same way is left to that appender. Each access line is written once, and seen by both:
 * the starter's appender and OpenTelemetry's, set up as the starter sets it up, each with an SDK of
 * its own.
 */
class OtlpAccessRecordTests {

	private static final SpanContext SPAN = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
			"b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());

	private final TestLogExporter direct = TestLogExporter.succeeding();

	private final TestLogExporter stock = TestLogExporter.succeeding();

	private final AtomicInteger loggersAsked = new AtomicInteger();

	private LoggerContext context;

	private OpenTelemetrySdk directSdk;

	private OpenTelemetrySdk stockSdk;

	@BeforeEach
	void attachBoth() {
		this.context = new LoggerContext();
		this.context.setMDCAdapter(((LoggerContext) LoggerFactory.getILoggerFactory()).getMDCAdapter());
		this.directSdk = exportingTo(this.direct);
		this.stockSdk = exportingTo(this.stock);
		OtlpLogAppender.attach(this.context)
			.install(counting(this.directSdk), HookFailures.logOnly(), new LogDropCounter(
					new StaticListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class)));
		OpenTelemetryAppender appender = new OpenTelemetryAppender();
		appender.setContext(this.context);
		appender.setCaptureExperimentalAttributes(true);
		appender.setCaptureKeyValuePairAttributes(true);
		appender.setCaptureMdcAttributes(String.join(",", OtlpLogAppender.MDC_FIELDS));
		appender.start();
		appender.setOpenTelemetry(this.stockSdk);
		this.context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
		this.loggersAsked.set(0);
	}

	@AfterEach
	void close() {
		MDC.clear();
		this.directSdk.close();
		this.stockSdk.close();
		this.context.stop();
	}

	@Test
	void shouldMakeTheRecordOpenTelemetrysAppenderMakesInsideASpan() {
		MDC.put("requestId", "r-1");
		MDC.put("orgId", "acme");
		MDC.put("sessionId", "s-9");
		MDC.put("unrelated", "not captured");
		try (Scope scope = Span.wrap(SPAN).makeCurrent()) {
			write("GET", "/orders/{id}", 200, 3, 5120, "u-42");
			write("POST", "/orders", 503, 1200, 0, null);
		}
		assertSameRecords(2);
		LogRecordData first = this.direct.records().get(0);
		assertThat(first.getBodyValue().asString()).isEqualTo("GET /orders/{id} 200 3ms");
		assertThat(first.getAttributes().asMap()).hasSize(10);
		assertThat(first.getSpanContext()).isEqualTo(SPAN);
		assertThat(this.loggersAsked).hasValue(0);
	}

	@Test
	void shouldMakeTheRecordOfALineWrittenAfterItsSpanEnded() {
		MDC.put("traceId", SPAN.getTraceId());
		MDC.put("spanId", SPAN.getSpanId());
		MDC.put("requestId", "r-2");
		MDC.put("userId", "u-from-mdc");
		write("GET", "/", 404, 0, 12, "u-7");
		write("GET", "/health", 200, 0, 2, null);
		assertSameRecords(2, false);
		assertThat(this.direct.records()).extracting((record) -> record.getAttributes()
			.get(io.opentelemetry.api.common.AttributeKey.stringKey("userId")))
			.containsExactly("u-7", "u-from-mdc");
		assertThat(this.direct.records().get(0).getSpanContext().getTraceId()).isEqualTo(SPAN.getTraceId());
		assertThat(this.stock.records().get(0).getSpanContext().isValid()).isFalse();
		assertThat(this.loggersAsked).hasValue(0);
	}

	@Test
	void shouldLeaveEveryOtherEventToOpenTelemetrysAppender() {
		MDC.put("requestId", "r-3");
		Logger access = this.context.getLogger(AccessLogFilter.LOGGER_NAME);
		access.warn("access line with a failure", new IllegalStateException("boom"));
		access.info("a line of the application's own on the same logger");
		LoggingEvent odd = new LoggingEvent(AccessLogFilter.class.getName(), access, Level.INFO, "odd pairs", null,
				null);
		odd.setKeyValuePairs(List.of(new KeyValuePair("roles", List.of("admin", "ops")),
				new KeyValuePair("flag", true), new KeyValuePair("ratio", 0.5), new KeyValuePair("requestId", 42)));
		access.callAppenders(odd);
		LoggingEvent almost = new LoggingEvent(AccessLogFilter.class.getName(), access, Level.INFO,
				"GET / 200 1ms", null, null);
		almost.setKeyValuePairs(List.of(new KeyValuePair("method", "GET"), new KeyValuePair("path", "/"),
				new KeyValuePair("status", "200"), new KeyValuePair("duration_ms", 1L), new KeyValuePair("bytes", 2L)));
		access.callAppenders(almost);
		assertSameRecords(4);
		assertThat(this.loggersAsked).hasValue(4);
	}

	private void write(String method, String path, int status, long millis, long bytes, String userId) {
		assertThat(LogbackAccessLine.write(this.context.getLogger(AccessLogFilter.LOGGER_NAME), method, path, status,
				millis, bytes, userId))
			.isTrue();
	}

	private void assertSameRecords(int count) {
		assertSameRecords(count, true);
	}

	/**
	 * Each record made here is the one OpenTelemetry's appender made of the same event.
	 * @param sameSpan whether the span is compared too: OpenTelemetry's appender alone does not
	 * take the span from the MDC
	 */
	private void assertSameRecords(int count, boolean sameSpan) {
		List<LogRecordData> made = this.direct.records();
		List<LogRecordData> expected = this.stock.records();
		assertThat(made).hasSize(count);
		assertThat(expected).hasSize(count);
		for (int i = 0; i < count; i++) {
			LogRecordData record = made.get(i);
			LogRecordData reference = expected.get(i);
			assertThat(record.getInstrumentationScopeInfo()).isEqualTo(reference.getInstrumentationScopeInfo());
			assertThat(record.getTimestampEpochNanos()).isEqualTo(reference.getTimestampEpochNanos());
			assertThat(record.getSeverity()).isEqualTo(reference.getSeverity());
			assertThat(record.getSeverityText()).isEqualTo(reference.getSeverityText());
			assertThat(record.getBodyValue()).isEqualTo(reference.getBodyValue());
			if (sameSpan) {
				assertThat(record.getSpanContext()).isEqualTo(reference.getSpanContext());
			}
			assertThat(record.getAttributes().asMap()).isEqualTo(reference.getAttributes().asMap());
			assertThat(record.getTotalAttributeCount()).isEqualTo(reference.getTotalAttributeCount());
		}
	}

	private static OpenTelemetrySdk exportingTo(TestLogExporter exporter) {
		return OpenTelemetrySdk.builder()
			.setLoggerProvider(SdkLoggerProvider.builder()
				.setResource(Resource.empty())
				.addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter))
				.build())
			.build();
	}

	/**
	 * The SDK, counting the loggers asked of it: OpenTelemetry's appender asks one for every event,
	 * the direct record none after the first.
	 */
	private OpenTelemetry counting(OpenTelemetrySdk sdk) {
		LoggerProvider logs = new LoggerProvider() {

			@Override
			public LoggerBuilder loggerBuilder(String instrumentationScopeName) {
				OtlpAccessRecordTests.this.loggersAsked.incrementAndGet();
				return sdk.getLogsBridge().loggerBuilder(instrumentationScopeName);
			}

		};
		return new LogsOnlyOpenTelemetry(logs);
	}

}
