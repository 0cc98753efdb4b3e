package dev.observability.autoconfigure.tracing;

import java.util.ArrayList;
import java.util.List;

import dev.observability.autoconfigure.core.PropertyChecks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * What the starter adds to Spring Boot's tracing (Micrometer Tracing with the OpenTelemetry
 * bridge), bound to {@code observability.tracing.*}. Sampling probability, exporter endpoint and
 * headers stay Spring Boot's ({@code management.tracing.*}, and {@code management.otlp.tracing.*} on
 * Boot 3.5 or {@code management.opentelemetry.tracing.export.otlp.*} on Boot 4).
 */
@ConfigurationProperties("observability.tracing")
public class TracingIntegrationProperties {

	/**
	 * Whether the starter shapes tracing: flow-aware sampling, error keeping, path exclusions,
	 * attribute sanitizing and flow keys.
	 */
	private boolean enabled = true;

	/**
	 * Observations that are always sampled, whatever the sampling probability.
	 */
	private List<String> alwaysSample = new ArrayList<>(List.of("oauth.exchange"));

	/**
	 * Observations that are business flows: they get the "outcome" key, and "user.id", "org.id" and
	 * "request.id" span attributes. Any @Observed method is a flow too.
	 */
	private List<String> flows = new ArrayList<>(List.of("oauth.exchange", "sync.run", "mcp.command"));

	/**
	 * Request paths that produce no spans: an exact path, or a prefix ending with "/**".
	 */
	private List<String> excludePaths = new ArrayList<>(
			List.of("/actuator/**", "/livez", "/readyz", "/favicon.ico", "/webjars/**", "/assets/**", "/static/**"));

	/**
	 * Whether finished spans are also written to the log, one line each, for development.
	 */
	private boolean consoleExporter = false;

	/**
	 * Whether the trace headers (traceparent, tracestate, baggage, sentry-trace) are added to the
	 * allowed request headers of the application's CORS configurations, so that browsers on other
	 * origins can continue their traces into this service.
	 */
	private boolean corsTraceHeaders = false;

	/**
	 * Longest span attribute value, in characters; longer values are truncated.
	 */
	private int maxAttributeLength = 1024;

	/**
	 * Most high-cardinality attributes a span keeps; the rest are dropped.
	 */
	private int maxAttributes = 64;

	/**
	 * Keeping failed traces that the sampling probability dropped.
	 */
	private final KeepErrors keepErrors = new KeepErrors();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getAlwaysSample() {
		return this.alwaysSample;
	}

	public void setAlwaysSample(List<String> alwaysSample) {
		this.alwaysSample = alwaysSample;
	}

	public List<String> getFlows() {
		return this.flows;
	}

	public void setFlows(List<String> flows) {
		this.flows = flows;
	}

	public List<String> getExcludePaths() {
		return this.excludePaths;
	}

	public void setExcludePaths(List<String> excludePaths) {
		PropertyChecks.paths("observability.tracing.exclude-paths", excludePaths);
		this.excludePaths = excludePaths;
	}

	public boolean isConsoleExporter() {
		return this.consoleExporter;
	}

	public void setConsoleExporter(boolean consoleExporter) {
		this.consoleExporter = consoleExporter;
	}

	public boolean isCorsTraceHeaders() {
		return this.corsTraceHeaders;
	}

	public void setCorsTraceHeaders(boolean corsTraceHeaders) {
		this.corsTraceHeaders = corsTraceHeaders;
	}

	public int getMaxAttributeLength() {
		return this.maxAttributeLength;
	}

	public void setMaxAttributeLength(int maxAttributeLength) {
		if (maxAttributeLength < 32) {
			throw new InvalidConfigurationPropertyValueException("observability.tracing.max-attribute-length",
					maxAttributeLength, "Span attribute values need at least 32 characters.");
		}
		this.maxAttributeLength = maxAttributeLength;
	}

	public int getMaxAttributes() {
		return this.maxAttributes;
	}

	public void setMaxAttributes(int maxAttributes) {
		if (maxAttributes < 1) {
			throw new InvalidConfigurationPropertyValueException("observability.tracing.max-attributes", maxAttributes,
					"A span keeps at least one attribute.");
		}
		this.maxAttributes = maxAttributes;
	}

	public KeepErrors getKeepErrors() {
		return this.keepErrors;
	}

	/**
	 * Error keeping settings.
	 */
	public static class KeepErrors {

		/**
		 * Whether a trace that the sampling probability dropped is still exported when its local
		 * root span ends in error (an exception or a 5xx response), so that a low sampling
		 * probability still keeps every failed request. Spans of unsampled traces are then recorded
		 * in memory until their local root ends.
		 */
		private boolean enabled = true;

		/**
		 * Most unsampled traces held in memory at once; the oldest is forgotten past that.
		 */
		private int maxTraces = 2048;

		/**
		 * Most spans held for one unsampled trace; later spans of that trace are not kept.
		 */
		private int maxSpansPerTrace = 128;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxTraces() {
			return this.maxTraces;
		}

		public void setMaxTraces(int maxTraces) {
			this.maxTraces = PropertyChecks.atLeast("observability.tracing.keep-errors.max-traces", maxTraces, 1);
		}

		public int getMaxSpansPerTrace() {
			return this.maxSpansPerTrace;
		}

		public void setMaxSpansPerTrace(int maxSpansPerTrace) {
			this.maxSpansPerTrace = PropertyChecks.atLeast("observability.tracing.keep-errors.max-spans-per-trace",
					maxSpansPerTrace, 1);
		}

	}

}
