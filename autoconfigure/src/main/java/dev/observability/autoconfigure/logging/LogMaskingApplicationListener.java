package dev.observability.autoconfigure.logging;

import dev.observability.privacy.PrivacyPolicy;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Puts the privacy policy in front of every logback appender, right after logging is set up and the
 * console made asynchronous: the application's own {@code logback-spring.xml} and Spring Boot's
 * readable console write masked lines too, not only the starter's JSON console.
 * <p>
 * Backs off when {@code observability.enabled}, {@code observability.privacy.enabled} or
 * {@code observability.logging.mask-appenders} is false.
 */
public class LogMaskingApplicationListener implements GenericApplicationListener {

	private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";

	@Override
	public boolean supportsEventType(ResolvableType eventType) {
		return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType.toClass());
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		ApplicationEnvironmentPreparedEvent prepared = (ApplicationEnvironmentPreparedEvent) event;
		ConfigurableEnvironment environment = prepared.getEnvironment();
		if (!ClassUtils.isPresent(LOGBACK, prepared.getSpringApplication().getClassLoader())
				|| !environment.getProperty("observability.enabled", Boolean.class, true)
				|| !environment.getProperty("observability.privacy.enabled", Boolean.class, true)
				|| !environment.getProperty("observability.logging.mask-appenders", Boolean.class, true)) {
			return;
		}
		LogMaskingInstaller.apply(ObservabilityJsonFormatter.logPolicy(environment),
				JsonLoggingEnvironmentPostProcessor.isActive(environment));
	}

	/**
	 * After the console is made asynchronous, so that the appender it writes to is found.
	 */
	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 2;
	}

}
