package dev.observability.logging;

import java.time.Instant;
import java.util.List;
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
import org.slf4j.event.KeyValuePair;

/**
 * The access line as an OpenTelemetry log record, made directly: the record OpenTelemetry's Logback
 * appender makes of it, as {@link OtlpLogAppender} sets that appender up (body, time, severity, the
 * correlation fields of the MDC, the thread's name, each field of the line with its type kept),
 * without the appender's generic work per event: a logger looked up by name, an attribute builder
 * sorted and copied, a key made for each pair.
 * <p>
 * Only events whose key-value pairs are those {@link LogbackAccessLine} writes, in its order and
 * with its types, are mapped here; any other event is left to OpenTelemetry's appender.
 */
final class OtlpAccessRecord {

	private static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");

	private static final List<AttributeKey<String>> MDC_ATTRIBUTES = OtlpLogAppender.MDC_FIELDS.stream()
		.map(AttributeKey::stringKey)
		.toList();

	private static final AttributeKey<String> USER_ID = AttributeKey.stringKey(Correlation.USER_ID);

	private static final AttributeKey<String> METHOD = AttributeKey.stringKey(AccessLogFilter.METHOD);

	private static final AttributeKey<String> PATH = AttributeKey.stringKey(AccessLogFilter.PATH);

	private static final AttributeKey<Long> STATUS = AttributeKey.longKey(AccessLogFilter.STATUS);

	private static final AttributeKey<Long> DURATION_MS = AttributeKey.longKey(AccessLogFilter.DURATION_MS);

	private static final AttributeKey<Long> BYTES = AttributeKey.longKey(AccessLogFilter.BYTES);

	private static final int USER = 5;

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
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		if (event.getThrowableProxy() != null || !isAccessLine(pairs)) {
			return false;
		}
		LogRecordBuilder record = logger.logRecordBuilder();
		record.setBody(event.getFormattedMessage());
		Instant instant = event.getInstant();
		if (instant != null) {
			record.setTimestamp(instant);
		}
		else {
			record.setTimestamp(event.getTimeStamp(), TimeUnit.MILLISECONDS);
		}
		Level level = event.getLevel();
		record.setSeverity(severity(level));
		record.setSeverityText(level.levelStr);
		String userId = (pairs.size() > USER) ? (String) pairs.get(USER).value : null;
		Map<String, String> mdc = event.getMDCPropertyMap();
		for (AttributeKey<String> attribute : MDC_ATTRIBUTES) {
			// The line's own user wins over the MDC's, as the last value of a name does in the appender.
			if (userId == null || !USER_ID.equals(attribute)) {
				putIfPresent(record, attribute, mdc.get(attribute.getKey()));
			}
		}
		putIfPresent(record, USER_ID, userId);
		putIfPresent(record, THREAD_NAME, event.getThreadName());
		record.setAttribute(METHOD, (String) pairs.get(0).value);
		record.setAttribute(PATH, (String) pairs.get(1).value);
		record.setAttribute(STATUS, ((Integer) pairs.get(2).value).longValue());
		record.setAttribute(DURATION_MS, (Long) pairs.get(3).value);
		record.setAttribute(BYTES, (Long) pairs.get(4).value);
		Context context = Context.current();
		record.setContext((fromMdc != null) ? context.with(Span.wrap(fromMdc)) : context);
		record.emit();
		return true;
	}

	/**
	 * Whether the pairs are those {@link LogbackAccessLine} writes, in its order and with its types:
	 * method, path, status, duration, size and, when known, the user.
	 */
	private static boolean isAccessLine(List<KeyValuePair> pairs) {
		int size = (pairs != null) ? pairs.size() : 0;
		if (size != USER && size != USER + 1) {
			return false;
		}
		return is(pairs.get(0), AccessLogFilter.METHOD, String.class)
				&& is(pairs.get(1), AccessLogFilter.PATH, String.class)
				&& is(pairs.get(2), AccessLogFilter.STATUS, Integer.class)
				&& is(pairs.get(3), AccessLogFilter.DURATION_MS, Long.class)
				&& is(pairs.get(4), AccessLogFilter.BYTES, Long.class)
				&& (size == USER || is(pairs.get(USER), Correlation.USER_ID, String.class));
	}

	private static boolean is(KeyValuePair pair, String key, Class<?> type) {
		return key.equals(pair.key) && type.isInstance(pair.value);
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
