package dev.observability.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each business flow of the sample, end to end: its observation shows as a metric with its keys,
 * and its log line carries the request's id with the secrets masked.
 */
@AutoConfigureMetrics
@AutoConfigureTracing
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "sample.sync.initial-delay=1h",
				"server.max-http-request-header-size=64KB" })
class SampleFlowsEndToEndTests {

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	int port;

	@Test
	void shouldObserveTheOAuthExchangeWithoutLeakingTokens(CapturedOutput output) throws Exception {
		HttpResponse<String> connected = send(HttpRequest.newBuilder(uri("/oauth/callback?code=abc&state=s1")));
		assertThat(connected.statusCode()).isEqualTo(200);
		assertThat(connected.body()).contains("\"status\":\"connected\"").doesNotContain("at-");
		assertThat(send(HttpRequest.newBuilder(uri("/oauth/callback?code=invalid"))).statusCode()).isEqualTo(500);

		String scrape = scrape();
		assertThat(scrape).containsPattern("oauth_exchange_seconds_count\\{[^ ]*outcome=\"success\"[^ ]*provider=\"demo\"")
			.containsPattern("oauth_exchange_seconds_count\\{[^ ]*outcome=\"failure\"[^ ]*provider=\"demo\"");
		String requestId = connected.headers().firstValue("X-Request-Id").orElseThrow();
		await().dontCatchUncaughtExceptions()
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output.getOut().lines()
			.filter((line) -> line.contains("Token response from demo") && line.contains("\"requestId\":\"" + requestId + "\"")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("access_token=[Filtered]", "refresh_token=[Filtered]")));
		assertThat(output.getAll()).doesNotContainPattern("\\b[ar]t-[0-9a-f]{8}-").doesNotContain("sample-client-secret-value");
	}

	@Test
	void shouldObserveSyncRunsWithTheirItemsAndFailures(CapturedOutput output) throws Exception {
		HttpResponse<String> accepted = send(
				HttpRequest.newBuilder(uri("/api/sync?source=manual")).POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(accepted.statusCode()).isEqualTo(202);
		send(HttpRequest.newBuilder(uri("/api/sync?source=manual&fail=true")).POST(HttpRequest.BodyPublishers.noBody()));
		String requestId = accepted.headers().firstValue("X-Request-Id").orElseThrow();
		await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String scrape = scrape();
			assertThat(scrape).containsPattern("sync_run_seconds_count\\{[^ ]*outcome=\"success\"[^ ]*source=\"manual\"")
				.containsPattern("sync_run_seconds_count\\{[^ ]*outcome=\"failure\"[^ ]*source=\"manual\"")
				.containsPattern("sync_run_items_total\\{[^ ]*source=\"manual\"[^ ]*\\} [1-9]");
		});
		await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output.getOut())
				.containsPattern("\"message\":\"Synced [0-9]+ items from manual\"[^\\n]*\"requestId\":\"" + requestId + "\""));
	}

	private String scrape() throws Exception {
		return send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
			.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString("prometheus:sample-scrape-password".getBytes())))
			.body();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
