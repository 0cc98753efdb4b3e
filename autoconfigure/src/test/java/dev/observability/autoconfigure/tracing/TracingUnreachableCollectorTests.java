package dev.observability.autoconfigure.tracing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.observability.autoconfigure.DeadServers;
import dev.observability.autoconfigure.OpenSecurity;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dead collector never slows or breaks a request: refused connections and a collector that
 * accepts and never answers both leave every request answered, and the spans that could not be
 * delivered are counted.
 */
class TracingUnreachableCollectorTests {

	private static final int REQUESTS = 50;

	private DeadServers.BlackHole blackHole;

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() throws Exception {
		if (this.context != null) {
			this.context.close();
		}
		if (this.blackHole != null) {
			this.blackHole.close();
		}
	}

	@Test
	void shouldAnswerEveryRequestAndCountDropsWhenTheCollectorRefuses() throws Exception {
		burstAgainst("http://127.0.0.1:" + DeadServers.refusedPort() + "/v1/traces");
	}

	@Test
	void shouldAnswerEveryRequestAndCountDropsWhenTheCollectorNeverAnswers() throws Exception {
		this.blackHole = DeadServers.blackHole();
		burstAgainst("http://127.0.0.1:" + this.blackHole.port() + "/v1/traces");
	}

	private void burstAgainst(String endpoint) throws Exception {
		this.context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "management.otlp.tracing.endpoint=" + endpoint,
					"management.otlp.tracing.timeout=1s", "management.tracing.sampling.probability=1.0",
					"management.tracing.opentelemetry.export.schedule-delay=50ms", "observability.logging.json=false",
					"spring.main.banner-mode=off", "logging.level.io.opentelemetry=off")
			.run();
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		HttpClient http = HttpClient.newHttpClient();
		for (int i = 0; i < REQUESTS; i++) {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ok"))
				// Far above a normal answer, below the exporter's timeout: a request that waited on the
				// collector would not make it.
				.timeout(Duration.ofMillis(900))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
		}
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(registry.find("observability.spans.dropped").tag("reason", "export_failed")
				.counter()).isNotNull()
				.satisfies((counter) -> assertThat(counter.count()).isPositive()));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ OkController.class, OpenSecurity.class })
	static class TestApplication {

	}

	@RestController
	static class OkController {

		@GetMapping("/ok")
		String ok() {
			return "ok";
		}

	}

}
