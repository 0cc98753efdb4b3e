package dev.observability.autoconfigure.logging;

import dev.observability.autoconfigure.core.SpringTestFramework;
import dev.observability.logging.AsyncConsoleInstaller;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Makes Spring Boot's console appender asynchronous, right after Spring Boot has set logging up:
 * lines go through a bounded queue to one writer thread, and are dropped and counted
 * ({@code observability.logs.dropped}) rather than blocking the application when the console is
 * slow.
 * <p>
 * Applies to logback with Spring Boot's own logging configuration (JSON or not). Backs off when
 * {@code observability.enabled=false} or {@code observability.logging.async.enabled=false}, and
 * when the application brings its own logback configuration ({@code logging.config} or a logback
 * file), whose appenders are its own to arrange. Stays off under the Spring test framework unless
 * the property is set, so that a test reads a line as soon as it is logged.
 */
public class AsyncConsoleApplicationListener extends LoggingSetUpListener {

	public AsyncConsoleApplicationListener() {
		super(1);
	}

	@Override
	void loggingSetUp(ApplicationEnvironmentPreparedEvent prepared) {
		ConfigurableEnvironment environment = prepared.getEnvironment();
		if (!JsonLoggingEnvironmentPostProcessor.usesSpringBootsLogback(environment,
				prepared.getSpringApplication().getClassLoader())) {
			return;
		}
		LoggingProperties properties = Binder.get(environment)
			.bindOrCreate("observability.logging", LoggingProperties.class);
		boolean wanted = environment.getProperty("observability.enabled", Boolean.class, true)
				&& properties.getAsync().isEnabled() && (!SpringTestFramework.started(environment)
						|| environment.containsProperty("observability.logging.async.enabled"));
		AsyncConsoleInstaller.apply(wanted ? properties.getAsync().getQueueSize() : 0);
	}

}
