package dev.observability.autoconfigure.logging;

import dev.observability.autoconfigure.core.BootLine;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Attaches the OTLP log appender to the root logger right after logging is set up, when Spring
 * Boot's OTLP log export is configured, so that the startup lines leave too (the appender keeps them
 * until {@link OtlpLoggingAutoConfiguration} hands it the application's OpenTelemetry SDK); and
 * takes the console off when it is asked to be ({@code observability.logging.console.enabled=false},
 * or {@code OTEL_LOGS_EXPORTER} naming {@code otlp} without {@code console}).
 */
public class OtlpLogsApplicationListener extends LoggingSetUpListener {

	private static final String[] REQUIRED = { "ch.qos.logback.classic.LoggerContext",
			"io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender",
			"io.opentelemetry.sdk.logs.SdkLoggerProvider", BootLine.OPENTELEMETRY_LOGGING_AUTO_CONFIGURATION };

	public OtlpLogsApplicationListener() {
		super(3);
	}

	@Override
	void loggingSetUp(ApplicationEnvironmentPreparedEvent prepared) {
		ConfigurableEnvironment environment = prepared.getEnvironment();
		ClassLoader classLoader = prepared.getSpringApplication().getClassLoader();
		for (String required : REQUIRED) {
			if (!ClassUtils.isPresent(required, classLoader)) {
				return;
			}
		}
		if (OtlpLogs.exportConfigured(environment)) {
			OtlpLogs.attach(environment);
		}
	}

}
