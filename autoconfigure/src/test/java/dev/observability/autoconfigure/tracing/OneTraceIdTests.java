package dev.observability.autoconfigure.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.observability.autoconfigure.ExportTelemetry;
import dev.observability.autoconfigure.OpenSecurity;
import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.core.BootLine;
import dev.observability.autoconfigure.sentry.SentryTestReceiver;
import dev.observability.tracing.OtlpReceiver;
import org.junit.jupiter.api.AfterAll;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One request, one trace id: in its log line, in its Sentry event and in its exported span.
 */
@ExportTelemetry
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=1.0", "observability.logging.json=false",
				TestLine.SPAN_EXPORT + "schedule-delay=50ms" })
class OneTraceIdTests {

	private static final OtlpReceiver collector = OtlpReceiver.start();

	private static final SentryTestReceiver sentry = SentryTestReceiver.start();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add(BootLine.OTLP_TRACING + "endpoint", collector::endpoint);
		registry.add("sentry.dsn", sentry::dsn);
	}

	@AfterAll
	static void stop() {
		collector.close();
		sentry.close();
	}

	@Test
	void shouldCarryTheSameTraceIdInTheLogTheErrorEventAndTheSpan(CapturedOutput output) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/payment")).build(),
					HttpResponse.BodyHandlers.ofString());
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();

		Pattern logLine = Pattern.compile("\\[" + requestId + ",([0-9a-f]{32}),[0-9a-f]{16}\\] .*Payment declined");
		// Console lines are written by a background thread.
		Matcher line = await().atMost(Duration.ofSeconds(10))
			.until(() -> logLine.matcher(output.getOut()), Matcher::find);
		String traceId = line.group(1);

		JsonNode event = await().atMost(Duration.ofSeconds(15))
			.until(() -> sentry.events().stream()
				.filter((e) -> requestId.equals(e.path("tags").path("request_id").asText()))
				.findFirst()
				.orElse(null), (e) -> e != null);
		assertThat(event.path("tags").path("trace_id").asText()).isEqualTo(traceId);
		assertThat(event.path("contexts").path("trace").path("trace_id").asText()).isEqualTo(traceId);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(OtlpReceiver.named(collector.spans(), "http get /payment"))
				.singleElement()
				.satisfies((span) -> assertThat(span.traceId()).isEqualTo(traceId)));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ PaymentController.class, OpenSecurity.class })
	static class TestApplication {

	}

	@RestController
	static class PaymentController {

		private static final Logger logger = LoggerFactory.getLogger(PaymentController.class);

		@GetMapping("/payment")
		String payment() {
			logger.error("Payment declined", new IllegalStateException("declined"));
			return "declined";
		}

	}

}
