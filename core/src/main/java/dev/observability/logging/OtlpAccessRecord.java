package dev.observability.logging;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.observability.correlation.Correlation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;

/**
 * The access line as an OpenTelemetry log record, made directly: the record OpenTelemetry's Logback
 * appender makes of it, as {@link OtlpLogAppender} sets that appender up (body, time, severity, the
 * correlation fields of the MDC, the thread's name, each field of the line with its type kept),
 * without the appender's generic work per event: a logger looked up by name, an attribute builder
 * sorted and copied, each key-value pair read back, its type tested and a key made for it.
 * <p>
 * Only the events {@link LogbackAccessLine} makes are mapped here, whose fields are known; any
 * other event is left to OpenTelemetry's appender.
 */
final class OtlpAccessRecord {

	private static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");

	private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey(Correlation.REQUEST_ID);

	private static final AttributeKey<String> USER_ID = AttributeKey.stringKey(Correlation.USER_ID);

	private static final AttributeKey<String> ORG_ID = AttributeKey.stringKey(Correlation.ORG_ID);

	private static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey(Correlation.SESSION_ID);

	private static final AttributeKey<String> METHOD = AttributeKey.stringKey(AccessLogFilter.METHOD);

	private static final AttributeKey<String> PATH = AttributeKey.stringKey(AccessLogFilter.PATH);

	private static final AttributeKey<Long> STATUS = AttributeKey.longKey(AccessLogFilter.STATUS);

	private static final AttributeKey<Long> DURATION_MS = AttributeKey.longKey(AccessLogFilter.DURATION_MS);

	private static final AttributeKey<Long> BYTES = AttributeKey.longKey(AccessLogFilter.BYTES);

	private OtlpAccessRecord() {
	}

	/**
	 * Emit the record of an access line.
	 * @param logger the OpenTelemetry logger named after the access line's logger
	 * @param event the event to map
	 * @param fromMdc the span the MDC names when none is current, or {@code null}
	 * @return false when the event is not an access line this maps, and nothing was emitted
	 */
	static boolean emit(Logger logger, ILoggingEvent event, SpanContext fromMdc) {
		if (!(event instanceof LogbackAccessLine.Event line) || line.getThrowableProxy() != null) {
			return false;
		}
		LogRecordBuilder record = logger.logRecordBuilder();
		record.setBody(line.getFormattedMessage());
		Instant instant = line.getInstant();
		if (instant != null) {
			record.setTimestamp(instant);
		}
		else {
			record.setTimestamp(line.getTimeStamp(), TimeUnit.MILLISECONDS);
		}
		Level level = line.getLevel();
		record.setSeverity(severity(level));
		record.setSeverityText(level.levelStr);
		Map<String, String> mdc = line.getMDCPropertyMap();
		putIfPresent(record, REQUEST_ID, mdc.get(Correlation.REQUEST_ID));
		putIfPresent(record, USER_ID, (line.userId != null) ? line.userId : mdc.get(Correlation.USER_ID));
		putIfPresent(record, ORG_ID, mdc.get(Correlation.ORG_ID));
		putIfPresent(record, SESSION_ID, mdc.get(Correlation.SESSION_ID));
		putIfPresent(record, THREAD_NAME, line.getThreadName());
		putIfPresent(record, METHOD, line.method);
		putIfPresent(record, PATH, line.path);
		record.setAttribute(STATUS, (long) line.status);
		record.setAttribute(DURATION_MS, line.millis);
		record.setAttribute(BYTES, line.bytes);
		Context context = Context.current();
		record.setContext((fromMdc != null) ? context.with(Span.wrap(fromMdc)) : context);
		record.emit();
		return true;
	}

	private static void putIfPresent(LogRecordBuilder record, AttributeKey<String> key, String value) {
		if (value != null) {
			record.setAttribute(key, value);
		}
	}

	private static Severity severity(Level level) {
		return switch (level.levelInt) {
			case Level.ALL_INT, Level.TRACE_INT -> Severity.TRACE;
			case Level.DEBUG_INT -> Severity.DEBUG;
			case Level.INFO_INT -> Severity.INFO;
			case Level.WARN_INT -> Severity.WARN;
			case Level.ERROR_INT -> Severity.ERROR;
			default -> Severity.UNDEFINED_SEVERITY_NUMBER;
		};
	}

}
