package dev.observability.autoconfigure.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.observability.autoconfigure.ExportTelemetry;
import dev.observability.autoconfigure.OpenSecurity;
import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.core.BootLine;
import dev.observability.tracing.ErrorTraceSpanProcessor;
import dev.observability.tracing.OtlpReceiver;
import io.micrometer.observation.annotation.Observed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sampling, measured: at probability 0.1 the share of kept requests is near 0.1, always-sampled
 * flows are all kept, and every failed request is kept although its trace was not sampled.
 */
@ExportTelemetry
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.tracing.sampling.probability=0.1", "observability.logging.json=false",
				"observability.logging.access-log.enabled=false",
				TestLine.SPAN_EXPORT + "schedule-delay=50ms",
				TestLine.SPAN_EXPORT + "max-queue-size=100000" })
class TracingSamplingTests {

	private static final OtlpReceiver collector = OtlpReceiver.start();

	private static final int REQUESTS = 1000;

	private static final int FAILURES = 40;

	private static final int FLOWS = 40;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	ErrorTraceSpanProcessor errorTraces;

	@DynamicPropertySource
	static void otlp(DynamicPropertyRegistry registry) {
		registry.add(BootLine.OTLP_TRACING + "endpoint", collector::endpoint);
	}

	@AfterAll
	static void stop() {
		collector.close();
	}

	@Test
	void shouldKeepAboutTheSampledShareAndEveryFailureAndEveryAlwaysSampledFlow() throws Exception {
		for (int i = 0; i < REQUESTS; i++) {
			assertThat(get("/ok").statusCode()).isEqualTo(200);
		}
		for (int i = 0; i < FAILURES; i++) {
			assertThat(get("/fail").statusCode()).isEqualTo(500);
		}
		for (int i = 0; i < FLOWS; i++) {
			assertThat(get("/login").statusCode()).isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(OtlpReceiver.named(collector.spans(), "http get /fail")).hasSizeGreaterThanOrEqualTo(FAILURES);
			assertThat(OtlpReceiver.named(collector.spans(), "oauth.exchange")).hasSizeGreaterThanOrEqualTo(FLOWS);
		});
		Thread.sleep(500);
		int kept = OtlpReceiver.named(collector.spans(), "http get /ok").size();
		// Binomial(1000, 0.1): mean 100, standard deviation 9.5; 60 to 140 is beyond four deviations.
		assertThat(kept).isBetween(60, 140);
		assertThat(OtlpReceiver.named(collector.spans(), "http get /fail")).hasSize(FAILURES);
		assertThat(OtlpReceiver.named(collector.spans(), "oauth.exchange")).hasSize(FLOWS);
		assertThat(this.errorTraces.bufferedTraces()).as("no trace left in memory").isZero();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ SamplingController.class, OAuthClient.class, OpenSecurity.class })
	static class TestApplication {

	}

	@RestController
	static class SamplingController {

		private final OAuthClient client;

		SamplingController(OAuthClient client) {
			this.client = client;
		}

		@GetMapping("/ok")
		String ok() {
			return "ok";
		}

		@GetMapping("/fail")
		String fail() {
			throw new IllegalStateException("failed on purpose");
		}

		@GetMapping("/login")
		String login() {
			return this.client.exchange();
		}

	}

	@Component
	static class OAuthClient {

		@Observed(name = "oauth.exchange")
		public String exchange() {
			return "token";
		}

	}

}
