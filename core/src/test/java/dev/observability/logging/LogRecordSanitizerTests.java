package dev.observability.logging;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import dev.observability.core.HookFailures;
import dev.observability.privacy.PrivacyPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log records leave masked: body and attributes (a sensitive name's value replaced, secrets in other
 * values masked, the stack trace whole), everything else as it was; a clean record and a clean
 * batch are not copied; a failed export is counted.
 */
class LogRecordSanitizerTests {

	private final LogRecordSanitizer sanitizer = new LogRecordSanitizer(PrivacyPolicy.withDefaults());

	@Test
	void shouldMaskTheBodyAndAttributesAndKeepTheRest() {
		SpanContext span = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
				TraceFlags.getSampled(), TraceState.getDefault());
		LogRecordData record = emit((logger) -> logger.logRecordBuilder()
			.setBody("login with password=hunter2 by jane@example.com")
			.setSeverity(Severity.WARN)
			.setAttribute(AttributeKey.stringKey("password"), "hunter2")
			.setAttribute(AttributeKey.stringKey("exception.stacktrace"),
					"java.lang.IllegalStateException: card 4111 1111 1111 1111\n\tat a.B.c(B.java:1)\n" + "x".repeat(20000))
			.setAttribute(AttributeKey.stringKey("requestId"), "r-1")
			.setContext(Context.root().with(Span.wrap(span)))
			.emit());
		LogRecordData sanitized = this.sanitizer.sanitize(record);
		assertThat(sanitized.getBodyValue().asString()).doesNotContain("hunter2").doesNotContain("jane@example.com");
		Attributes attributes = sanitized.getAttributes();
		assertThat(attributes.get(AttributeKey.stringKey("password"))).isEqualTo(PrivacyPolicy.FILTERED);
		assertThat(attributes.get(AttributeKey.stringKey("exception.stacktrace"))).doesNotContain("4111 1111 1111 1111")
			.contains("at a.B.c(B.java:1)")
			.hasSizeGreaterThan(20000);
		assertThat(attributes.get(AttributeKey.stringKey("requestId"))).isEqualTo("r-1");
		assertThat(sanitized.getSpanContext()).isEqualTo(span);
		assertThat(sanitized.getSeverity()).isEqualTo(Severity.WARN);
		assertThat(sanitized.getResource()).isEqualTo(record.getResource());
		assertThat(sanitized.getInstrumentationScopeInfo()).isEqualTo(record.getInstrumentationScopeInfo());
		assertThat(sanitized.getTimestampEpochNanos()).isEqualTo(record.getTimestampEpochNanos());
	}

	@Test
	void shouldKeepACleanRecordAndACleanBatchAsTheyAre() {
		LogRecordData clean = emit((logger) -> logger.logRecordBuilder()
			.setBody("order 42 placed")
			.setAttribute(AttributeKey.stringKey("requestId"), "r-1")
			.emit());
		LogRecordData dirty = emit((logger) -> logger.logRecordBuilder().setBody("token=hunter2hunter2").emit());
		assertThat(this.sanitizer.sanitize(clean)).isSameAs(clean);
		List<LogRecordData> batch = List.of(clean, clean);
		assertThat(this.sanitizer.sanitize(batch)).isSameAs(batch);
		Collection<LogRecordData> mixed = this.sanitizer.sanitize(List.of(clean, dirty));
		assertThat(mixed).hasSize(2).first().isSameAs(clean);
		assertThat(mixed).last().isNotSameAs(dirty);
	}

	@Test
	void shouldCountTheRecordsOfAFailedExport() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("meters", meters);
		LogRecordData record = emit((logger) -> logger.logRecordBuilder().setBody("x").emit());
		LogRecordExporter exporter = new SanitizingLogRecordExporter(TestLogExporter.failing(), this.sanitizer,
				HookFailures.logOnly(), new LogDropCounter(beans.getBeanProvider(MeterRegistry.class)));
		assertThat(exporter.export(List.of(record, record)).isSuccess()).isFalse();
		assertThat(meters.get(LogDropCounter.METER_NAME).tag("reason", "export_failed").counter().count()).isEqualTo(2);
	}

	private static LogRecordData emit(Consumer<io.opentelemetry.api.logs.Logger> logging) {
		TestLogExporter exporter = TestLogExporter.succeeding();
		try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
			.addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter))
			.build()) {
			logging.accept(provider.get("test"));
			return exporter.records().get(0);
		}
	}

}
