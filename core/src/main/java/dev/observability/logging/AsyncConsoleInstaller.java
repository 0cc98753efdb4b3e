package dev.observability.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * Puts an {@link AsyncConsoleAppender} around Spring Boot's {@code CONSOLE} appender on the root
 * logger, or takes it away. Kept apart from the adapter's application listener so that the
 * listener loads without logback.
 */
public final class AsyncConsoleInstaller {

	public static final String CONSOLE = "CONSOLE";

	public static final String DROPPED_METER = "observability.logs.dropped";

	private AsyncConsoleInstaller() {
	}

	/**
	 * Make the console of the logger context in use asynchronous, or synchronous again.
	 * @param capacity the queue's capacity in lines, or 0 for a synchronous console
	 * @return whether the console is now asynchronous
	 */
	public static boolean apply(int capacity) {
		return apply((LoggerContext) LoggerFactory.getILoggerFactory(), capacity);
	}

	/**
	 * Make the console asynchronous with the given queue, or synchronous again. Settings of the
	 * latest call win, so that a second application in the same JVM (a test suite) gets its own.
	 * @param context the logger context
	 * @param capacity the queue's capacity in lines, or 0 for a synchronous console
	 * @return whether the console is now asynchronous
	 */
	static boolean apply(LoggerContext context, int capacity) {
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		AsyncConsoleAppender current = installed(context);
		if (current != null) {
			if (current.capacity() == capacity) {
				return true;
			}
			root.addAppender(current.console());
			root.detachAppender(current);
			current.finish();
		}
		Appender<ILoggingEvent> console = root.getAppender(CONSOLE);
		if (capacity == 0 || !(console instanceof ConsoleAppender)) {
			return false;
		}
		AsyncConsoleAppender async = new AsyncConsoleAppender(console, capacity);
		async.setContext(context);
		async.start();
		// Attach before detaching: a line may be written twice while this runs, never lost.
		root.addAppender(async);
		root.detachAppender(console);
		return true;
	}

	/**
	 * Whether the console of the logger context in use is asynchronous.
	 * @return whether it is
	 */
	public static boolean isInstalled() {
		return LoggerFactory.getILoggerFactory() instanceof LoggerContext context && installed(context) != null;
	}

	/**
	 * Lines the asynchronous console has dropped, or 0 when the console is synchronous.
	 * @param context the logger context
	 * @return the count
	 */
	public static long dropped(LoggerContext context) {
		AsyncConsoleAppender async = installed(context);
		return (async != null) ? async.dropped() : 0;
	}

	private static AsyncConsoleAppender installed(LoggerContext context) {
		return (context.getLogger(Logger.ROOT_LOGGER_NAME)
			.getAppender(AsyncConsoleAppender.NAME) instanceof AsyncConsoleAppender async) ? async : null;
	}

}
