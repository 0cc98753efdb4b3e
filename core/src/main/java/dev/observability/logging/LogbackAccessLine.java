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
		LoggingEvent event = new LoggingEvent(FQCN, logback, Level.INFO, message, null, null);
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
		// OtlpAccessRecord reads the pairs back in this order.
		logback.callAppenders(event);
		return true;
	}

}
