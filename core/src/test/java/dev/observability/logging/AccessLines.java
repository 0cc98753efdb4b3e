package dev.observability.logging;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Records the access lines written during each test, as logback events, whatever the console
 * does. Register with {@code @RegisterExtension}.
 */
public final class AccessLines implements BeforeEachCallback, AfterEachCallback {

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLogFilter.LOGGER_NAME);

	@Override
	public void beforeEach(ExtensionContext context) {
		this.appender.list.clear();
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.logger.detachAppender(this.appender);
	}

	/**
	 * The access lines written so far in this test.
	 * @return the events, oldest first
	 */
	public List<ILoggingEvent> events() {
		return this.appender.list;
	}

	/**
	 * The key-value pairs of an access line: method, path, status and so on.
	 * @param event the line
	 * @return the pairs by key
	 */
	public static Map<String, Object> keyValues(ILoggingEvent event) {
		return event.getKeyValuePairs()
			.stream()
			.collect(Collectors.toMap((pair) -> pair.key, (KeyValuePair pair) -> pair.value));
	}

}
