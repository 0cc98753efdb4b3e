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
 * correlation fields of the MDC, the thread's name, each key-value pair with its type kept), without
 * the appender's generic work per event: a logger looked up by name, an attribute builder sorted
 * and copied, a key made for each pair.
 * <p>
 * An event it cannot map the same way (one with an exception, a pair whose value is neither text,
 * a number nor a boolean, a name given twice) is left to OpenTelemetry's appender.
 */
final class OtlpAccessRecord {

	private static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");

	private static final String[] MDC_KEYS = { Correlation.REQUEST_ID, Correlation.USER_ID, Correlation.ORG_ID,
			Correlation.SESSION_ID };

	private static final List<AttributeKey<String>> MDC_ATTRIBUTES = List.of(
			AttributeKey.stringKey(Correlation.REQUEST_ID), AttributeKey.stringKey(Correlation.USER_ID),
			AttributeKey.stringKey(Correlation.ORG_ID), AttributeKey.stringKey(Correlation.SESSION_ID));

	private static final AttributeKey<String> METHOD = AttributeKey.stringKey(AccessLogFilter.METHOD);

	private static final AttributeKey<String> PATH = AttributeKey.stringKey(AccessLogFilter.PATH);

	private static final AttributeKey<Long> STATUS = AttributeKey.longKey(AccessLogFilter.STATUS);

	private static final AttributeKey<Long> DURATION_MS = AttributeKey.longKey(AccessLogFilter.DURATION_MS);

	private static final AttributeKey<Long> BYTES = AttributeKey.longKey(AccessLogFilter.BYTES);

	private static final AttributeKey<String> USER_ID = MDC_ATTRIBUTES.get(1);

	private static final int THREAD_SHADOWED = 1 << MDC_KEYS.length;

	private static final int UNMAPPED = -1;

	private static final int MAX_PAIRS = 16;

	private OtlpAccessRecord() {
	}

	/**
	 * Emit the record of an access line.
	 * @param logger the OpenTelemetry logger named after the access line's logger
	 * @param event the access line
	 * @param fromMdc the span the MDC names when none is current, or {@code null}
	 * @return false when the event is left to OpenTelemetry's appender, and nothing was emitted
	 */
	static boolean emit(Logger logger, ILoggingEvent event, SpanContext fromMdc) {
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		int shadowed = (event.getThrowableProxy() != null) ? UNMAPPED : shadowed(pairs);
		if (shadowed == UNMAPPED) {
			return false;
		}
		LogRecordBuilder record = logger.logRecordBuilder();
		String message = event.getFormattedMessage();
		if (message != null) {
			record.setBody(message);
		}
		Instant instant = event.getInstant();
		if (instant != null) {
			record.setTimestamp(instant);
		}
		else {
			record.setTimestamp(event.getTimeStamp(), TimeUnit.MILLISECONDS);
		}
		Level level = event.getLevel();
		if (level != null) {
			record.setSeverity(severity(level));
			record.setSeverityText(level.levelStr);
		}
		Map<String, String> mdc = event.getMDCPropertyMap();
		for (int i = 0; i < MDC_KEYS.length; i++) {
			String value = ((shadowed & (1 << i)) != 0) ? null : mdc.get(MDC_KEYS[i]);
			if (value != null) {
				record.setAttribute(MDC_ATTRIBUTES.get(i), value);
			}
		}
		if ((shadowed & THREAD_SHADOWED) == 0) {
			record.setAttribute(THREAD_NAME, event.getThreadName());
		}
		if (pairs != null) {
			for (KeyValuePair pair : pairs) {
				put(record, pair);
			}
		}
		Context context = Context.current();
		record.setContext((fromMdc != null) ? context.with(Span.wrap(fromMdc)) : context);
		record.emit();
		return true;
	}

	/**
	 * Which of the fields set before the pairs a pair of the same name replaces, as OpenTelemetry's
	 * appender lets the last value of a name win: one bit per MDC field, then one for the thread.
	 * Each name is set once here, so that the record counts no attribute twice.
	 * @return the bits, or {@link #UNMAPPED} when the pairs hold a value of another kind, a name
	 * twice, or a field's name with a value that is not text
	 */
	private static int shadowed(List<KeyValuePair> pairs) {
		if (pairs == null) {
			return 0;
		}
		if (pairs.size() > MAX_PAIRS) {
			return UNMAPPED;
		}
		int shadowed = 0;
		for (int i = 0; i < pairs.size(); i++) {
			KeyValuePair pair = pairs.get(i);
			Object value = pair.value;
			if (value == null || pair.key == null) {
				continue;
			}
			boolean text = value instanceof CharSequence || value instanceof Character;
			if (!text && !(value instanceof Number || value instanceof Boolean)) {
				return UNMAPPED;
			}
			for (int j = 0; j < i; j++) {
				if (pair.key.equals(pairs.get(j).key) && pairs.get(j).value != null) {
					return UNMAPPED;
				}
			}
			int field = field(pair.key);
			if (field != 0) {
				if (!text) {
					return UNMAPPED;
				}
				shadowed |= field;
			}
		}
		return shadowed;
	}

	private static int field(String key) {
		for (int i = 0; i < MDC_KEYS.length; i++) {
			if (MDC_KEYS[i].equals(key)) {
				return 1 << i;
			}
		}
		return THREAD_NAME.getKey().equals(key) ? THREAD_SHADOWED : 0;
	}

	private static void put(LogRecordBuilder record, KeyValuePair pair) {
		if (pair.key == null || pair.value == null) {
			return;
		}
		String key = pair.key;
		Object value = pair.value;
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			record.setAttribute(longKey(key), ((Number) value).longValue());
		}
		else if (value instanceof Double || value instanceof Float) {
			record.setAttribute(AttributeKey.doubleKey(key), ((Number) value).doubleValue());
		}
		else if (value instanceof Boolean bool) {
			record.setAttribute(AttributeKey.booleanKey(key), bool);
		}
		else {
			record.setAttribute(stringKey(key), value.toString());
		}
	}

	private static AttributeKey<Long> longKey(String key) {
		return switch (key) {
			case AccessLogFilter.STATUS -> STATUS;
			case AccessLogFilter.DURATION_MS -> DURATION_MS;
			case AccessLogFilter.BYTES -> BYTES;
			default -> AttributeKey.longKey(key);
		};
	}

	private static AttributeKey<String> stringKey(String key) {
		return switch (key) {
			case AccessLogFilter.METHOD -> METHOD;
			case AccessLogFilter.PATH -> PATH;
			case Correlation.USER_ID -> USER_ID;
			default -> AttributeKey.stringKey(key);
		};
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
