package dev.observability.autoconfigure.logging;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;

/**
 * A listener that arranges the logging system's appenders right after Spring Boot's
 * {@link LoggingApplicationListener} has set them up, in its place among the starter's others.
 */
abstract class LoggingSetUpListener implements GenericApplicationListener {

	private final int step;

	/**
	 * Create the listener.
	 * @param step its place after Spring Boot's: 1 the asynchronous console, 2 the masking, 3 the
	 * OTLP appender
	 */
	LoggingSetUpListener(int step) {
		this.step = step;
	}

	@Override
	public boolean supportsEventType(ResolvableType eventType) {
		return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType.toClass());
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		loggingSetUp((ApplicationEnvironmentPreparedEvent) event);
	}

	/**
	 * Arrange the appenders.
	 * @param event the event, with the environment and the application
	 */
	abstract void loggingSetUp(ApplicationEnvironmentPreparedEvent event);

	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + this.step;
	}

}
