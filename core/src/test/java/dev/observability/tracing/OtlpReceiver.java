package dev.observability.tracing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * A local OTLP/HTTP collector for tests: decodes what the real exporters send (gzip included) with
 * the official protobuf classes and keeps every span, log record and metric with its resource.
 */
public final class OtlpReceiver implements AutoCloseable {

	private final HttpServer server;

	private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

	private final List<ReceivedLog> logs = new CopyOnWriteArrayList<>();

	private final List<ReceivedMetric> metrics = new CopyOnWriteArrayList<>();

	private final List<String> contentEncodings = new CopyOnWriteArrayList<>();

	/**
	 * Start a receiver on a free loopback port, for a static field of a test class.
	 * @return the running receiver
	 */
	public static OtlpReceiver start() {
		try {
			return new OtlpReceiver();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	OtlpReceiver() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/v1/traces", (exchange) -> handle(exchange, this::traces));
		this.server.createContext("/v1/logs", (exchange) -> handle(exchange, this::logs));
		this.server.createContext("/v1/metrics", (exchange) -> handle(exchange, this::metrics));
		this.server.setExecutor(Executors.newSingleThreadExecutor());
		this.server.start();
	}

	public String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces";
	}

	public String logsEndpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/logs";
	}

	public String metricsEndpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/metrics";
	}

	public List<ReceivedSpan> spans() {
		return List.copyOf(this.spans);
	}

	public List<ReceivedLog> logs() {
		return List.copyOf(this.logs);
	}

	public List<ReceivedMetric> metrics() {
		return List.copyOf(this.metrics);
	}

	public List<String> contentEncodings() {
		return List.copyOf(this.contentEncodings);
	}

	public void clear() {
		this.spans.clear();
		this.logs.clear();
		this.metrics.clear();
	}

	private void handle(HttpExchange exchange, Decoder decoder) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
			this.contentEncodings.add(String.valueOf(encoding));
			if ("gzip".equalsIgnoreCase(encoding)) {
				try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
					body = in.readAllBytes();
				}
			}
			decoder.decode(body);
			byte[] response = new byte[0];
			exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, -1);
			exchange.getResponseBody().write(response);
		}
	}

	private void traces(byte[] body) throws IOException {
		ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
		for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
			Map<String, String> resource = attributes(resourceSpans.getResource().getAttributesList());
			for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
				for (Span span : scopeSpans.getSpansList()) {
					this.spans.add(new ReceivedSpan(span, resource));
				}
			}
		}
	}

	private void logs(byte[] body) throws IOException {
		ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(body);
		for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
			Map<String, String> resource = attributes(resourceLogs.getResource().getAttributesList());
			for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
				for (LogRecord log : scopeLogs.getLogRecordsList()) {
					this.logs.add(new ReceivedLog(log, scopeLogs.getScope().getName(), resource));
				}
			}
		}
	}

	private void metrics(byte[] body) throws IOException {
		ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body);
		for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
			Map<String, String> resource = attributes(resourceMetrics.getResource().getAttributesList());
			for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
				for (Metric metric : scopeMetrics.getMetricsList()) {
					this.metrics.add(new ReceivedMetric(metric, resource));
				}
			}
		}
	}

	public static Map<String, String> attributes(List<KeyValue> keyValues) {
		return keyValues.stream()
			.collect(Collectors.toMap(KeyValue::getKey, (kv) -> kv.getValue().hasStringValue()
					? kv.getValue().getStringValue() : kv.getValue().toString().trim(), (a, b) -> a));
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * One exported span with its resource attributes.
	 */
	public record ReceivedSpan(Span span, Map<String, String> resource) {

		public String name() {
			return this.span.getName();
		}

		public String traceId() {
			return hex(this.span.getTraceId().toByteArray());
		}

		public String spanId() {
			return hex(this.span.getSpanId().toByteArray());
		}

		public String parentSpanId() {
			return hex(this.span.getParentSpanId().toByteArray());
		}

		public Map<String, String> attributes() {
			return OtlpReceiver.attributes(this.span.getAttributesList());
		}

		static String hex(byte[] bytes) {
			StringBuilder hex = new StringBuilder();
			for (byte b : bytes) {
				hex.append(String.format("%02x", b));
			}
			return hex.toString();
		}

	}

	/**
	 * One exported log record with its logger (the instrumentation scope) and resource attributes.
	 */
	public record ReceivedLog(LogRecord log, String logger, Map<String, String> resource) {

		public String body() {
			return this.log.getBody().hasStringValue() ? this.log.getBody().getStringValue()
					: this.log.getBody().toString();
		}

		public String traceId() {
			return ReceivedSpan.hex(this.log.getTraceId().toByteArray());
		}

		public String spanId() {
			return ReceivedSpan.hex(this.log.getSpanId().toByteArray());
		}

		public Map<String, String> attributes() {
			return OtlpReceiver.attributes(this.log.getAttributesList());
		}

	}

	/**
	 * One exported metric with its resource attributes.
	 */
	public record ReceivedMetric(Metric metric, Map<String, String> resource) {

		public String name() {
			return this.metric.getName();
		}

	}

	@FunctionalInterface
	private interface Decoder {

		void decode(byte[] body) throws IOException;

	}

	public static List<ReceivedSpan> named(List<ReceivedSpan> spans, String name) {
		List<ReceivedSpan> named = new ArrayList<>();
		for (ReceivedSpan span : spans) {
			if (span.name().equals(name)) {
				named.add(span);
			}
		}
		return named;
	}

}
