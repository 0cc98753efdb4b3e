package dev.observability.autoconfigure.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.observability.autoconfigure.ExportTelemetry;
import dev.observability.autoconfigure.OpenSecurity;
import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.core.BootLine;
import dev.observability.tracing.Flows;
import dev.observability.tracing.OtlpReceiver.ReceivedSpan;
import dev.observability.tracing.OtlpReceiver;
import io.micrometer.observation.annotation.Observed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real OTLP exporter, as Spring Boot configures it, sending to a local collector that decodes
 * with the official protobuf classes: span structure across an {@code @Async} hop and an outgoing
 * call, the resource, sanitized attributes, flow keys, exclusions, and one trace id in the span and
 * the log line.
 */
@ExportTelemetry
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=orders", "spring.application.version=3.1.0",
				"observability.environment=test", "management.tracing.sampling.probability=1.0",
				TestLine.SPAN_EXPORT + "schedule-delay=50ms", "observability.logging.json=false" })
class TracingIntegrationTests {

	private static final OtlpReceiver collector = OtlpReceiver.start();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void otlp(DynamicPropertyRegistry registry) {
		registry.add(BootLine.OTLP_TRACING + "endpoint", collector::endpoint);
	}

	@AfterAll
	static void stop() {
		collector.close();
	}

	@BeforeEach
	void clear() {
		collector.clear();
	}

	@Test
	void shouldExportOneTraceAcrossTheAsyncHopAndTheOutgoingCall(CapturedOutput output) throws Exception {
		HttpResponse<String> response = get("/checkout?token=query-secret-1&page=2");
		assertThat(response.statusCode()).isEqualTo(200);
		ReceivedSpan server = await().atMost(Duration.ofSeconds(10))
			.until(() -> OtlpReceiver.named(collector.spans(), "http get /checkout"), (spans) -> spans.size() == 1)
			.get(0);
		String traceId = server.traceId();
		List<ReceivedSpan> trace = await().atMost(Duration.ofSeconds(10))
			.until(() -> collector.spans().stream().filter((span) -> span.traceId().equals(traceId)).toList(),
					(spans) -> spans.stream().anyMatch((span) -> span.name().equals("http get /inventory")));

		ReceivedSpan flow = single(trace, "sync.run");
		assertThat(ancestors(trace, flow)).as("the @Async flow descends from the request").contains(server.spanId());
		assertThat(flow.attributes()).containsEntry("outcome", "success")
			.containsEntry("source", "warehouse")
			.containsEntry("items", "42")
			.containsKey("request.id");
		ReceivedSpan client = single(trace, "http get");
		assertThat(ancestors(trace, client)).contains(server.spanId());
		assertThat(single(trace, "http get /inventory").parentSpanId()).as("the callee continues the caller's trace")
			.isEqualTo(client.spanId());
		assertThat(client.attributes().get("http.url")).contains("access_token=[Filtered]").doesNotContain("outgoing-secret-2");

		assertThat(server.resource()).containsEntry("service.name", "orders")
			.containsEntry("service.version", "3.1.0")
			.containsEntry("deployment.environment.name", "test")
			.containsKey("service.instance.id");
		assertThat(collector.contentEncodings()).contains("gzip");

		// The same trace id in the log line of the request.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output.getOut())
				.containsPattern("\\[[0-9a-f]{32}," + traceId + ",[0-9a-f]{16}\\] .*Checking out"));
	}

	@Test
	void shouldExportNoSpanForExcludedPaths() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		}
		get("/checkout");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> OtlpReceiver.named(collector.spans(), "http get /checkout").size() == 1);
		assertThat(collector.spans()).noneMatch((span) -> span.name().contains("actuator")
				|| span.attributes().getOrDefault("uri", "").startsWith("/actuator"));
	}

	private static List<String> ancestors(List<ReceivedSpan> trace, ReceivedSpan span) {
		List<String> ancestors = new java.util.ArrayList<>();
		String parent = span.parentSpanId();
		while (!parent.isEmpty() && !ancestors.contains(parent)) {
			ancestors.add(parent);
			String current = parent;
			parent = trace.stream().filter((s) -> s.spanId().equals(current)).map(ReceivedSpan::parentSpanId)
				.findFirst().orElse("");
		}
		return ancestors;
	}

	private static ReceivedSpan single(List<ReceivedSpan> spans, String name) {
		List<ReceivedSpan> named = OtlpReceiver.named(spans, name);
		assertThat(named).as("spans named %s in %s", name, spans.stream().map(ReceivedSpan::name).toList())
			.hasSize(1);
		return named.get(0);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@Import({ CheckoutController.class, Warehouse.class, OpenSecurity.class })
	static class TestApplication {

	}

	@RestController
	static class CheckoutController {

		private static final Logger logger = LoggerFactory.getLogger(CheckoutController.class);

		private final Warehouse warehouse;

		private final RestClient.Builder builder;

		private final Environment environment;

		CheckoutController(Warehouse warehouse, RestClient.Builder builder, Environment environment) {
			this.warehouse = warehouse;
			this.builder = builder;
			this.environment = environment;
		}

		@GetMapping("/checkout")
		String checkout() throws Exception {
			logger.info("Checking out");
			this.warehouse.sync().get();
			return this.builder.build()
				.get()
				.uri("http://localhost:" + this.environment.getProperty("local.server.port")
						+ "/inventory?access_token=outgoing-secret-2")
				.retrieve()
				.body(String.class);
		}

		@GetMapping("/inventory")
		String inventory() {
			return "7";
		}

	}

	@Component
	static class Warehouse {

		private final Flows flows;

		Warehouse(Flows flows) {
			this.flows = flows;
		}

		@Async
		@Observed(name = "sync.run")
		public CompletableFuture<Integer> sync() {
			this.flows.tag("source", "warehouse");
			this.flows.attribute("items", 42);
			this.flows.count("items", 42);
			return CompletableFuture.completedFuture(42);
		}

	}

}
