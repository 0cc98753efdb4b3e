package dev.observability.autoconfigure.logging;

import dev.observability.privacy.PrivacyPolicy;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
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
public class LogMaskingApplicationListener extends LoggingSetUpListener {

	private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";

	public LogMaskingApplicationListener() {
		super(2);
	}

	@Override
	void loggingSetUp(ApplicationEnvironmentPreparedEvent prepared) {
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

}
