package dev.observability.autoconfigure.sentry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.observability.autoconfigure.DeadServers;
import dev.observability.autoconfigure.OpenSecurity;
import dev.observability.autoconfigure.TestLine;
import dev.observability.sentry.SentryDiscardCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sentry.Sentry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * A dead Sentry never slows or breaks a request: refused connections and a server that accepts and
 * never answers both leave every request answered, while the SDK's bounded queue drops the excess
 * and the drops are counted.
 */
class SentryUnreachableTests {

	private static final int REQUESTS = 60;

	private DeadServers.BlackHole blackHole;

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() throws Exception {
		if (this.context != null) {
			this.context.close();
		}
		Sentry.close();
		if (this.blackHole != null) {
			this.blackHole.close();
		}
	}

	@Test
	void shouldAnswerEveryRequestAndCountDropsWhenSentryRefusesConnections() throws Exception {
		burstAgainst("http://public@127.0.0.1:" + DeadServers.refusedPort() + "/1");
	}

	@Test
	void shouldAnswerEveryRequestAndCountDropsWhenSentryNeverAnswers() throws Exception {
		this.blackHole = DeadServers.blackHole();
		burstAgainst("http://public@127.0.0.1:" + this.blackHole.port() + "/1");
	}

	private void burstAgainst(String dsn) throws Exception {
		this.context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "sentry.dsn=" + dsn, "observability.logging.json=false",
					"spring.main.banner-mode=off", "logging.level.io.sentry=off")
			.run();
		int port = TestLine.port(this.context);
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < REQUESTS; i++) {
			HttpResponse<String> response = http.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + port + "/fails-and-logs"))
				// Far above a normal answer, far below the SDK's 5 s network timeouts: a request that
				// waited on Sentry would not make it.
				.timeout(Duration.ofSeconds(3))
				.build(), HttpResponse.BodyHandlers.ofString());
			statuses.add(response.statusCode());
		}
		assertThat(statuses).hasSize(REQUESTS).containsOnly(200);
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(registry.find(SentryDiscardCounter.METER_NAME).counters())
				.isNotEmpty()
				.allSatisfy((counter) -> assertThat(counter.count()).isPositive()));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ LoggingController.class, OpenSecurity.class })
	static class TestApplication {

	}

	@RestController
	static class LoggingController {

		private static final Logger logger = LoggerFactory.getLogger(LoggingController.class);

		@GetMapping("/fails-and-logs")
		String failsAndLogs() {
			logger.error("Downstream failed", new IllegalStateException("downstream"));
			return "handled";
		}

	}

}
