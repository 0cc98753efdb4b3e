package dev.observability.starter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.observability.sentry.SentryReceiver;
import dev.observability.tracing.OtlpReceiver.ReceivedSpan;
import dev.observability.tracing.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Boot 3.5 starter as a user of that line sees it: an application with the starter and
 * nothing else of the starter's, real HTTP, the real Sentry SDK sending to a local envelope
 * receiver, the real OTLP exporters sending spans and log records to a local receiver that decodes
 * with the official classes, JSON log lines on the console, and the scrape behind its credentials.
 */
@AutoConfigureObservability
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = StarterEndToEndTests.OrdersApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "spring.application.name=orders",
				"spring.application.version=3.5.0", "observability.environment=e2e",
				"management.tracing.sampling.probability=1.0",
				"management.tracing.opentelemetry.export.schedule-delay=50ms",
				"observability.metrics.prometheus.password=" + StarterEndToEndTests.SCRAPE_PASSWORD })
class StarterEndToEndTests {

	static final String SCRAPE_PASSWORD = "e2e-scrape-password-35";

	private static final String CARD = "4111 1111 1111 1111";

	private static final String TOKEN = "query-token-e2e-35";

	private static final SentryReceiver sentry = SentryReceiver.start();

	private static final OtlpReceiver otlp = OtlpReceiver.start();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final ObjectMapper json = new ObjectMapper();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void receivers(DynamicPropertyRegistry registry) {
		registry.add("sentry.dsn", sentry::dsn);
		registry.add("management.otlp.tracing.endpoint", otlp::endpoint);
		registry.add("management.otlp.logging.endpoint", otlp::logsEndpoint);
	}

	@AfterAll
	static void stop() {
		sentry.close();
		otlp.close();
	}

	@Test
	void shouldReportAFailedRequestOnceScrubbedAndLinkedToItsTraceAndLogLines(CapturedOutput output)
			throws Exception {
		HttpResponse<String> response = get("/orders/42/pay?token=" + TOKEN + "&card=" + CARD.replace(' ', '+'),
				null);
		assertThat(response.statusCode()).isEqualTo(500);
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();

		JsonNode event = await().atMost(Duration.ofSeconds(15))
			.until(() -> sentry.events()
				.stream()
				.filter((e) -> requestId.equals(e.path("tags").path("request_id").asText()))
				.toList(), (events) -> !events.isEmpty())
			.get(0);
		assertThat(event.path("release").asText()).isEqualTo("orders@3.5.0");
		assertThat(event.path("environment").asText()).isEqualTo("e2e");
		assertThat(event.path("request").path("query_string").asText()).contains("token=[Filtered]");
		String traceId = event.path("contexts").path("trace").path("trace_id").asText();
		assertThat(traceId).matches("[0-9a-f]{32}");

		List<ReceivedSpan> spans = await().atMost(Duration.ofSeconds(15))
			.until(() -> otlp.spans().stream().filter((span) -> span.traceId().equals(traceId)).toList(),
					(found) -> found.stream().anyMatch((span) -> span.span().getKind().name().endsWith("SERVER")));
		ReceivedSpan server = spans.stream()
			.filter((span) -> span.span().getKind().name().endsWith("SERVER"))
			.findFirst()
			.orElseThrow();
		assertThat(server.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(server.resource()).containsEntry("service.name", "orders")
			.containsEntry("deployment.environment.name", "e2e");

		List<JsonNode> lines = output.getOut()
			.lines()
			.filter((line) -> line.startsWith("{") && line.contains(requestId))
			.map(this::parse)
			.toList();
		assertThat(lines).isNotEmpty()
			.allSatisfy((line) -> assertThat(line.path("traceId").asText()).isEqualTo(traceId));
		assertThat(lines).anySatisfy((line) -> assertThat(line.path("logger_name").asText())
			.isEqualTo("dev.observability.access"));

		List<OtlpReceiver.ReceivedLog> records = await().atMost(Duration.ofSeconds(15))
			.until(() -> otlp.logs()
				.stream()
				.filter((log) -> requestId.equals(log.attributes().get("requestId")))
				.toList(), (found) -> found.stream().anyMatch((log) -> log.logger().equals("dev.observability.access")));
		assertThat(records).allSatisfy((log) -> assertThat(log.traceId()).isEqualTo(traceId));
		assertThat(records.get(0).resource()).isEqualTo(server.resource());

		Thread.sleep(500);
		assertThat(sentry.events()).filteredOn((e) -> requestId.equals(e.path("tags").path("request_id").asText()))
			.as("reported exactly once")
			.hasSize(1);
		assertThat(sentry.allBytes()).doesNotContain(TOKEN).doesNotContain(CARD).doesNotContain("4111111111111111");
		assertThat(otlp.spans().toString()).doesNotContain(TOKEN).doesNotContain(CARD);
		assertThat(otlp.logs().toString()).doesNotContain(TOKEN).doesNotContain(CARD);
		assertThat(output.getAll()).doesNotContain(TOKEN).doesNotContain(CARD);
	}

	@Test
	void shouldServeTheScrapeOnlyWithItsCredentials() throws Exception {
		assertThat(get("/orders/7", null).statusCode()).isEqualTo(200);
		assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/prometheus", "prometheus:wrong").statusCode()).isEqualTo(401);
		HttpResponse<String> scrape = get("/actuator/prometheus", "prometheus:" + SCRAPE_PASSWORD);
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).contains("application_info{")
			.containsPattern("http_server_requests_seconds_bucket\\{[^}]*application=\"orders\"");
		assertThat(get("/livez", null).statusCode()).isEqualTo(200);
		assertThat(get("/readyz", null).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path, String credentials) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes()));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode parse(String line) {
		try {
			return this.json.readTree(line);
		}
		catch (Exception ex) {
			throw new IllegalStateException(line, ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(OrdersController.class)
	static class OrdersApplication {

	}

	@RestController
	static class OrdersController {

		@GetMapping("/orders/{id}")
		String order(@PathVariable String id) {
			return "order " + id;
		}

		@GetMapping("/orders/{id}/pay")
		String pay(@PathVariable String id, @RequestParam String card) {
			throw new IllegalStateException("Payment declined for card " + card);
		}

	}

}
