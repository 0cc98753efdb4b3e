package dev.observability.autoconfigure.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import dev.observability.autoconfigure.core.BootLine;
import dev.observability.autoconfigure.core.OtlpEnvironmentPostProcessor;
import dev.observability.logging.AsyncConsoleAppender;
import dev.observability.logging.AsyncConsoleInstaller;
import dev.observability.logging.OtlpLogAppender;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Where log events go over OTLP, read from the environment, and the attaching of the appender and
 * taking off of the console. Kept apart so that the application listener loads without logback.
 */
final class OtlpLogs {

	private static volatile List<Appender<ILoggingEvent>> detachedConsole = List.of();

	private OtlpLogs() {
	}

	/**
	 * Whether Spring Boot's OTLP log export is configured and the starter is to feed it: an endpoint,
	 * the export not switched off, and neither {@code observability.enabled} nor
	 * {@code observability.logging.otlp.enabled} false.
	 * @param environment the environment
	 * @return whether log events are to leave over OTLP
	 */
	static boolean exportConfigured(Environment environment) {
		return environment.getProperty("observability.enabled", Boolean.class, true)
				&& environment.getProperty("observability.logging.otlp.enabled", Boolean.class, true)
				&& StringUtils.hasText(environment.getProperty(BootLine.OTLP_LOGGING + "endpoint"))
				&& environment.getProperty(BootLine.OTLP_LOGGING_EXPORT_ENABLED, Boolean.class,
						environment.getProperty("management.logging.export.enabled", Boolean.class, true));
	}

	/**
	 * Whether the access line leaves over OTLP too ({@code observability.logging.otlp.access-log}).
	 * @param environment the environment
	 * @return whether it does
	 */
	static boolean accessLineSent(Environment environment) {
		return environment.getProperty("observability.logging.otlp.access-log", Boolean.class, true);
	}

	/**
	 * Whether the console is to be taken off while log events leave over OTLP: the property, else
	 * {@code OTEL_LOGS_EXPORTER} naming {@code otlp} without {@code console}.
	 * @param environment the environment
	 * @return whether the console goes
	 */
	static boolean consoleOff(Environment environment) {
		Boolean enabled = environment.getProperty("observability.logging.console.enabled", Boolean.class);
		if (enabled != null) {
			return !enabled;
		}
		Set<String> exporters = OtlpEnvironmentPostProcessor.exporters(environment.getProperty("OTEL_LOGS_EXPORTER"));
		return exporters.contains("otlp") && !exporters.contains("console");
	}

	/**
	 * Attach the appender to the root logger, and take the console off if asked.
	 * @param environment the environment
	 */
	static void attach(Environment environment) {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return;
		}
		OtlpLogAppender appender = OtlpLogAppender.attach(context);
		if (appender != null && consoleOff(environment)) {
			Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
			List<Appender<ILoggingEvent>> detached = new ArrayList<>();
			for (String name : new String[] { AsyncConsoleAppender.NAME, AsyncConsoleInstaller.CONSOLE }) {
				Appender<ILoggingEvent> console = root.getAppender(name);
				if (console != null && root.detachAppender(console)) {
					detached.add(console);
				}
			}
			detachedConsole = List.copyOf(detached);
		}
		else {
			detachedConsole = List.of();
		}
	}

	/**
	 * Whether the console was taken off by the latest {@link #attach}.
	 * @return whether it was
	 */
	static boolean consoleDetached() {
		return !detachedConsole.isEmpty();
	}

	/**
	 * Put the console back, when log events cannot leave over OTLP after all: lines never go
	 * nowhere.
	 * @param context the logger context
	 */
	static void restoreConsole(LoggerContext context) {
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		for (Appender<ILoggingEvent> console : detachedConsole) {
			root.addAppender(console);
		}
		detachedConsole = List.of();
	}

}
