package dev.observability.logging;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.TurboFilterList;
import ch.qos.logback.core.spi.FilterReply;
import dev.observability.correlation.Correlation;
import org.slf4j.event.KeyValuePair;

/**
 * Writes an access line as one Logback event, made directly: the message formatted once, its
 * key-value pairs in a list of the right size, and the same turbo-filter, level and appender path as
 * any other line of the logger. SLF4J's fluent API would add a builder, an event of its own and its
 * lists, and leave the message to be formatted from its arguments on the request thread. Kept apart
 * from {@link AccessLogFilter} so that Logback's classes load only when Logback is the logging
 * system.
 */
final class LogbackAccessLine {

	private static final String FQCN = AccessLogFilter.class.getName();

	private LogbackAccessLine() {
	}

	/**
	 * Write the line, if the logger is Logback's.
	 * @return false when the logger is not Logback's, and the caller should write the line itself
	 */
	static boolean write(org.slf4j.Logger logger, String method, String path, int status, long millis, long bytes,
			String userId) {
		if (!(logger instanceof Logger logback)) {
			return false;
		}
		String message = method + ' ' + path + ' ' + status + ' ' + millis + "ms";
		TurboFilterList turboFilters = logback.getLoggerContext().getTurboFilterList();
		FilterReply reply = turboFilters.isEmpty() ? FilterReply.NEUTRAL
				: turboFilters.getTurboFilterChainDecision(null, logback, Level.INFO, message, null, null);
		if (reply == FilterReply.DENY || (reply == FilterReply.NEUTRAL && !logback.isInfoEnabled())) {
			return true;
		}
		Event event = new Event(logback, message, method, path, status, millis, bytes, userId);
		List<KeyValuePair> pairs = new ArrayList<>((userId != null) ? 6 : 5);
		pairs.add(new KeyValuePair(AccessLogFilter.METHOD, method));
		pairs.add(new KeyValuePair(AccessLogFilter.PATH, path));
		pairs.add(new KeyValuePair(AccessLogFilter.STATUS, status));
		pairs.add(new KeyValuePair(AccessLogFilter.DURATION_MS, millis));
		pairs.add(new KeyValuePair(AccessLogFilter.BYTES, bytes));
		if (userId != null) {
			pairs.add(new KeyValuePair(Correlation.USER_ID, userId));
		}
		event.setKeyValuePairs(pairs);
		logback.callAppenders(event);
		return true;
	}

	/**
	 * An access line's event, keeping its fields as they were given, so that an appender that maps
	 * them ({@link OtlpAccessRecord}) needs not read them back from the key-value pairs.
	 */
	static final class Event extends LoggingEvent {

		final String method;

		final String path;

		final int status;

		final long millis;

		final long bytes;

		final String userId;

		Event(Logger logger, String message, String method, String path, int status, long millis, long bytes,
				String userId) {
			super(FQCN, logger, Level.INFO, message, null, null);
			this.method = method;
			this.path = path;
			this.status = status;
			this.millis = millis;
			this.bytes = bytes;
			this.userId = userId;
		}

	}

}
