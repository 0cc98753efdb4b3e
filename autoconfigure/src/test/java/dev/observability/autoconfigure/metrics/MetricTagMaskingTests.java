package dev.observability.autoconfigure.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.observability.autoconfigure.TestLine;
import dev.observability.tracing.Flows;
import io.micrometer.observation.annotation.Observed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flow keys taken from the request become Prometheus labels: what the real Prometheus registry
 * writes to a scrape over HTTP when a caller puts a secret into one.
 */
class MetricTagMaskingTests {

	private static final String AUTHORIZATION = "Basic "
			+ Base64.getEncoder().encodeToString("prometheus:scrape-pass-long".getBytes(StandardCharsets.UTF_8));

	private static final HttpClient http = HttpClient.newHttpClient();

	private static ConfigurableApplicationContext context;

	private static String scrape;

	@BeforeAll
	static void start() throws Exception {
		context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off", "observability.logging.json=false",
					"observability.logging.access-log.enabled=false",
					"observability.metrics.prometheus.password=scrape-pass-long")
			.run();
		assertThat(post("/api/sync?source=password%3Dhunter2&region=eu").statusCode()).isEqualTo(200);
		assertThat(post("/api/sync?source=github&region=ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789").statusCode())
			.isEqualTo(200);
		assertThat(post("/api/sync?source=gitlab&region=eu&session=s3ss10n-value").statusCode()).isEqualTo(200);
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus")))
			.header("Authorization", AUTHORIZATION)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		scrape = response.body();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void shouldReplaceATagValueCarryingASecret() {
		assertThat(scrape).containsPattern("sync_run_seconds_count\\{[^}]*source=\"\\[Filtered]\"[^}]*\\} 1")
			.containsPattern("sync_run_items_total\\{[^}]*source=\"\\[Filtered]\"[^}]*\\} 7")
			.doesNotContain("hunter2");
	}

	@Test
	void shouldReplaceAVendorTokenWholeNotInPart() {
		assertThat(scrape)
			.containsPattern("sync_run_seconds_count\\{[^}]*region=\"\\[Filtered]\",session=\"\\[Filtered]\",source=\"github\"")
			.doesNotContain("ghp_");
	}

	@Test
	void shouldReplaceTheValueOfATagWhoseKeyIsSensitive() {
		assertThat(scrape)
			.containsPattern("sync_run_seconds_count\\{[^}]*region=\"eu\",session=\"\\[Filtered]\",source=\"gitlab\"")
			.doesNotContain("s3ss10n");
	}

	@Test
	void shouldLeaveCleanTagsAsTheyAre() {
		assertThat(scrape)
			.containsPattern("sync_run_seconds_count\\{[^}]*method=\"run\",outcome=\"success\",region=\"eu\"")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/sync\"");
	}

	private static HttpResponse<String> post(String path) throws Exception {
		return http.send(
				HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static String url(String path) {
		return "http://localhost:" + TestLine.port(context) + path;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ SyncController.class, SyncJob.class })
	static class TestApplication {

		@Bean
		SecurityFilterChain app(HttpSecurity http) throws Exception {
			return http.securityMatcher("/api/**")
				.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

	}

	@RestController
	static class SyncController {

		private final SyncJob sync;

		SyncController(SyncJob sync) {
			this.sync = sync;
		}

		@PostMapping("/api/sync")
		String sync(@RequestParam String source, @RequestParam String region,
				@RequestParam(required = false) String session) {
			return this.sync.run(source, region, session);
		}

	}

	@Component
	static class SyncJob {

		private final Flows flows;

		SyncJob(Flows flows) {
			this.flows = flows;
		}

		@Observed(name = "sync.run")
		public String run(String source, String region, String session) {
			this.flows.tag("source", source);
			this.flows.tag("region", region);
			// Prometheus wants one set of keys per meter name: every run has a session.
			this.flows.tag("session", (session != null) ? session : "none");
			this.flows.count("items", 7);
			return "synced";
		}

	}

}
