package dev.observability.autoconfigure.tracing;

import java.net.http.HttpClient;
import java.time.Duration;

import dev.observability.autoconfigure.DeadServers;
import dev.observability.autoconfigure.OpenSecurity;
import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.core.BootLine;
import dev.observability.core.QueueDrops;
import dev.observability.tracing.SpanDropCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dead collector never slows or breaks a request: refused connections and a collector that
 * accepts and never answers both leave every request answered, and the spans that could not be
 * delivered are counted: failed exports, and spans that found the export queue full.
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

	@Test
	void shouldCountTheSpansTheExportQueueHadNoRoomFor() throws Exception {
		this.blackHole = DeadServers.blackHole();
		int port = start("http://127.0.0.1:" + this.blackHole.port() + "/v1/traces",
				TestLine.SPAN_EXPORT + "max-queue-size=4",
				TestLine.SPAN_EXPORT + "max-batch-size=4");
		HttpClient http = HttpClient.newHttpClient();
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		// The exporter waits a second on each batch: requests keep ending spans into a queue of four.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(DeadServers.get(http, port, "/ok").statusCode()).isEqualTo(200);
			assertThat(DeadServers.dropped(registry, SpanDropCounter.METER_NAME, QueueDrops.REASON)).isPositive();
		});
	}

	private void burstAgainst(String endpoint) throws Exception {
		int port = start(endpoint);
		HttpClient http = HttpClient.newHttpClient();
		for (int i = 0; i < REQUESTS; i++) {
			assertThat(DeadServers.get(http, port, "/ok").statusCode()).isEqualTo(200);
		}
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(DeadServers.dropped(registry, SpanDropCounter.METER_NAME, "export_failed"))
				.isPositive());
	}

	private int start(String endpoint, String... properties) {
		this.context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", BootLine.OTLP_TRACING + "endpoint=" + endpoint,
					BootLine.OTLP_TRACING + "timeout=1s", "management.tracing.sampling.probability=1.0",
					TestLine.SPAN_EXPORT + "schedule-delay=50ms", "observability.logging.json=false",
					"spring.main.banner-mode=off", "logging.level.io.opentelemetry=off")
			.properties(properties)
			.run();
		return TestLine.port(this.context);
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
