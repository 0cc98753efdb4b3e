package dev.observability.sentry;

import java.util.Iterator;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import dev.observability.logging.AccessLogFilter;

/**
 * Keeps the access lines away from Sentry's logback appender. That appender makes a breadcrumb of
 * every INFO line, and the access line of a request is written when the request is over, into
 * scopes that are then thrown away: its breadcrumb could never show on an event, and building it
 * cost every request a breadcrumb, a hint and a formatted message. Attached only while Sentry's
 * structured logs are off, so that an application that sends its logs to Sentry still sends its
 * access lines.
 */
public final class SentryAccessLineFilter extends Filter<ILoggingEvent> {

	static final String SENTRY_APPENDER = "io.sentry.logback.SentryAppender";

	public SentryAccessLineFilter() {
		setName("observability-access-lines-out-of-sentry");
	}

	@Override
	public FilterReply decide(ILoggingEvent event) {
		return AccessLogFilter.LOGGER_NAME.equals(event.getLoggerName()) ? FilterReply.DENY : FilterReply.NEUTRAL;
	}

	/**
	 * Attach the filter to Sentry's appenders on the root logger that do not have it yet.
	 * @param context the logging context
	 * @return how many appenders got the filter
	 */
	public static int attach(LoggerContext context) {
		int attached = 0;
		Iterator<Appender<ILoggingEvent>> appenders = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
		while (appenders.hasNext()) {
			Appender<ILoggingEvent> appender = appenders.next();
			if (SENTRY_APPENDER.equals(appender.getClass().getName()) && appender.getCopyOfAttachedFiltersList()
				.stream()
				.noneMatch(SentryAccessLineFilter.class::isInstance)) {
				SentryAccessLineFilter filter = new SentryAccessLineFilter();
				filter.setContext(context);
				filter.start();
				appender.addFilter(filter);
				attached++;
			}
		}
		return attached;
	}

}
