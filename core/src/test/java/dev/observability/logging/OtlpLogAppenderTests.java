package dev.observability.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.observability.core.HookFailures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LoggerBuilder;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The appender never throws into the code that logs: a failing OpenTelemetry is counted, and a
 * linkage failure (an OpenTelemetry API older than the appender needs) switches it off. A line
 * written after its request's span ended keeps the trace its MDC names. The access line leaves
 * unless switched off.
 */
class OtlpLogAppenderTests {

	@Test
	void shouldCountAFailureAndNeverThrowIntoTheCodeThatLogs() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		LoggerContext context = newContext();
		OtlpLogAppender appender = OtlpLogAppender.attach(context);
		appender.install(failing(new IllegalStateException("exporter broke")), HookFailures.logOnly(), drops(meters));
		Logger logger = context.getLogger("app");
		assertThatNoException().isThrownBy(() -> {
			logger.info("one");
			logger.info("two");
		});
		assertThat(meters.get(LogDropCounter.METER_NAME).tag("reason", "appender_failed").counter().count())
			.isEqualTo(2);
	}

	@Test
	void shouldSwitchItselfOffOnALinkageFailure() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		LoggerContext context = newContext();
		OtlpLogAppender appender = OtlpLogAppender.attach(context);
		appender.install(failing(new NoSuchMethodError("LogRecordBuilder.setException")), HookFailures.logOnly(),
				drops(meters));
		Logger logger = context.getLogger("app");
		assertThatNoException().isThrownBy(() -> {
			logger.info("one");
			logger.info("two");
		});
		assertThat(meters.get(LogDropCounter.METER_NAME).tag("reason", "appender_failed").counter().count())
			.isEqualTo(1);
	}

	@Test
	void shouldCarryTheTraceTheMdcNamesWhenNoSpanIsCurrent() {
		LoggerContext context = newContext();
		TestLogExporter exporter = TestLogExporter.succeeding();
		try (OpenTelemetrySdk sdk = exportingTo(exporter)) {
			OtlpLogAppender.attach(context).install(sdk, HookFailures.logOnly(), drops(new SimpleMeterRegistry()));
			MDC.put("traceId", "0af7651916cd43dd8448eb211c80319c");
			MDC.put("spanId", "b7ad6b7169203331");
			MDC.put("requestId", "r-1");
			try {
				context.getLogger("org.apache.catalina").error("Servlet.service() threw exception");
			}
			finally {
				MDC.clear();
			}
			context.getLogger("app").info("outside any request");
		}
		assertThat(exporter.records()).hasSize(2);
		LogRecordData failure = exporter.records().get(0);
		assertThat(failure.getSpanContext().getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
		assertThat(failure.getSpanContext().getSpanId()).isEqualTo("b7ad6b7169203331");
		assertThat(failure.getAttributes().get(AttributeKey.stringKey("requestId"))).isEqualTo("r-1");
		assertThat(exporter.records().get(1).getSpanContext().isValid()).isFalse();
	}

	@Test
	void shouldLeaveTheAccessLineOutOnlyWhenAskedTo() {
		LoggerContext context = newContext();
		TestLogExporter exporter = TestLogExporter.succeeding();
		try (OpenTelemetrySdk sdk = exportingTo(exporter)) {
			OtlpLogAppender appender = OtlpLogAppender.attach(context);
			appender.install(sdk, HookFailures.logOnly(), drops(new SimpleMeterRegistry()));
			assertThat(appender.sendsAccessLine()).isTrue();
			context.getLogger(AccessLogFilter.LOGGER_NAME).info("GET /a 200 1ms");
			appender.sendAccessLine(false);
			context.getLogger(AccessLogFilter.LOGGER_NAME).info("GET /b 200 1ms");
			context.getLogger(AccessLogFilter.LOGGER_NAME + ".audit").info("audit line");
			context.getLogger("app").info("application line");
		}
		assertThat(exporter.records()).extracting((record) -> record.getBodyValue().asString())
			.containsExactly("GET /a 200 1ms", "audit line", "application line");
	}

	@Test
	void shouldAttachOnceAndNotBesideTheApplicationsOwnOpenTelemetryAppender() {
		LoggerContext context = newContext();
		assertThat(OtlpLogAppender.attach(context)).isNotNull();
		assertThat(OtlpLogAppender.attach(context)).isNull();
		OtlpLogAppender.attached(context).detach();
		assertThat(OtlpLogAppender.attached(context)).isNull();
		io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender own =
				new io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender();
		own.setContext(context);
		context.getLogger("app").addAppender(own);
		assertThat(OtlpLogAppender.attach(context)).isNull();
	}

	/**
	 * A logger context of its own, reading the MDC that {@link MDC} writes.
	 */
	private static LoggerContext newContext() {
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(((LoggerContext) LoggerFactory.getILoggerFactory()).getMDCAdapter());
		return context;
	}

	private static OpenTelemetrySdk exportingTo(TestLogExporter exporter) {
		return OpenTelemetrySdk.builder()
			.setLoggerProvider(
					SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build())
			.build();
	}

	private static LogDropCounter drops(MeterRegistry meters) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("meters", meters);
		return new LogDropCounter(beans.getBeanProvider(MeterRegistry.class));
	}

	private static OpenTelemetry failing(Throwable failure) {
		LoggerProvider logs = new LoggerProvider() {

			@Override
			public LoggerBuilder loggerBuilder(String instrumentationScopeName) {
				throw sneaky(failure);
			}

		};
		return new LogsOnlyOpenTelemetry(logs);
	}

	private static RuntimeException sneaky(Throwable failure) {
		if (failure instanceof Error error) {
			throw error;
		}
		return (RuntimeException) failure;
	}

}
