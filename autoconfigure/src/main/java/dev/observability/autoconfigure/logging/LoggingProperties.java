package dev.observability.autoconfigure.logging;

import java.util.ArrayList;
import java.util.List;

import dev.observability.autoconfigure.core.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Log output, bound to {@code observability.logging.*}. Read from the environment before the
 * application context starts, since logging starts first.
 */
@ConfigurationProperties("observability.logging")
public class LoggingProperties {

	/**
	 * Whether console lines are JSON objects (logstash-logback-encoder). Applies only when the
	 * application has no logback configuration file of its own and has not chosen Spring Boot's
	 * structured logging ("logging.structured.format.console"). When false, console lines are Spring
	 * Boot's readable ones, with the request and trace ids in them.
	 */
	private boolean json = true;

	/**
	 * Longest string value written in a JSON log line, in characters; longer values are truncated
	 * and marked. Applies after masking.
	 */
	private int maxValueLength = 8192;

	/**
	 * Whether the privacy policy also masks what the logging system's other appenders write: the
	 * application's own logback configuration (console patterns, rolling files) and Spring Boot's
	 * readable console. The startup line names any appender it cannot reach.
	 */
	private boolean maskAppenders = true;

	/**
	 * The access line: one INFO line per request.
	 */
	private final AccessLog accessLog = new AccessLog();

	/**
	 * The console writer: a bounded queue between the threads that log and the console.
	 */
	private final Async async = new Async();

	/**
	 * Log events over OTLP, beside the console.
	 */
	private final Otlp otlp = new Otlp();

	/**
	 * The console.
	 */
	private final Console console = new Console();

	public boolean isJson() {
		return this.json;
	}

	public void setJson(boolean json) {
		this.json = json;
	}

	public int getMaxValueLength() {
		return this.maxValueLength;
	}

	public void setMaxValueLength(int maxValueLength) {
		if (maxValueLength < 64) {
			throw new InvalidConfigurationPropertyValueException("observability.logging.max-value-length",
					maxValueLength, "The longest value in a log line must be at least 64 characters.");
		}
		this.maxValueLength = maxValueLength;
	}

	public boolean isMaskAppenders() {
		return this.maskAppenders;
	}

	public void setMaskAppenders(boolean maskAppenders) {
		this.maskAppenders = maskAppenders;
	}

	public AccessLog getAccessLog() {
		return this.accessLog;
	}

	public Async getAsync() {
		return this.async;
	}

	public Otlp getOtlp() {
		return this.otlp;
	}

	public Console getConsole() {
		return this.console;
	}

	public static class Otlp {

		/**
		 * Whether every log event also leaves as an OTLP log record (OpenTelemetry's Logback appender,
		 * masked by the privacy policy) when Spring Boot's OTLP log export is configured: its endpoint
		 * property, or OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_LOGS_ENDPOINT.
		 */
		private boolean enabled = true;

		/**
		 * Whether the access line leaves over OTLP with the other log events. Off, it is written to
		 * the console only: one OTLP record fewer per request, for a log backend that bills per
		 * record or that already has each request as a span and in the HTTP metrics.
		 */
		private boolean accessLog = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isAccessLog() {
			return this.accessLog;
		}

		public void setAccessLog(boolean accessLog) {
			this.accessLog = accessLog;
		}

	}

	public static class Console {

		/**
		 * Whether log lines are written to the console (Spring Boot's CONSOLE appender). Turning it off
		 * takes effect only while log events leave over OTLP, so that lines never go nowhere. Unset, it
		 * follows OTEL_LOGS_EXPORTER: a list that names "otlp" but not "console" turns it off.
		 */
		private Boolean enabled;

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Console writer settings.
	 */
	public static class Async {

		/**
		 * Whether console lines are written by a background thread through a bounded queue, so that a
		 * slow console never blocks the application; lines that do not fit are dropped and counted
		 * in "observability.logs.dropped". Applies to Spring Boot's console appender only, not to an
		 * application's own logback configuration.
		 */
		private boolean enabled = true;

		/**
		 * Lines the queue holds before new lines are dropped.
		 */
		private int queueSize = 8192;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getQueueSize() {
			return this.queueSize;
		}

		public void setQueueSize(int queueSize) {
			if (queueSize < 16 || queueSize > 1_048_576) {
				throw new InvalidConfigurationPropertyValueException("observability.logging.async.queue-size",
						queueSize, "The console queue holds between 16 and 1048576 lines.");
			}
			this.queueSize = queueSize;
		}

	}

	/**
	 * Access line settings.
	 */
	public static class AccessLog {

		/**
		 * Whether each request is logged once, at INFO, by the "dev.observability.access" logger:
		 * method, path template, status, duration, bytes, request id and user id.
		 */
		private boolean enabled = true;

		/**
		 * Request paths that get no access line: an exact path, or a prefix ending with "/**". By
		 * default the actuator and the health probes' additional paths, which the platform calls every
		 * few seconds.
		 */
		private List<String> excludePaths = new ArrayList<>(List.of("/actuator/**", "/livez", "/readyz"));

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getExcludePaths() {
			return this.excludePaths;
		}

		public void setExcludePaths(List<String> excludePaths) {
			PropertyChecks.paths("observability.logging.access-log.exclude-paths", excludePaths);
			this.excludePaths = excludePaths;
		}

	}

}
