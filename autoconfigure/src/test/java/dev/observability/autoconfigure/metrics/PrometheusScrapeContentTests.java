package dev.observability.autoconfigure.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.observability.autoconfigure.TestLine;
import dev.observability.metrics.FlowTagCardinalityFilter;
import dev.observability.tracing.Flows;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the scrape says: valid Prometheus text and OpenMetrics, every series labelled with
 * {@code application} and {@code environment}, the info series, HTTP histograms with the SLO
 * buckets and exemplars, flow timers with their keys, the flow counter, and bounded cardinality
 * under 10,000 random URLs and 10,000 random tool names.
 */
class PrometheusScrapeContentTests {

	private static final String AUTHORIZATION = "Basic "
			+ Base64.getEncoder().encodeToString("prometheus:scrape-pass-long".getBytes(StandardCharsets.UTF_8));

	private static final Pattern SAMPLE = Pattern
		.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\",?)*\\})? "
				+ "(-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( -?[0-9]+)?$");

	private static final int MAX_TAG_VALUES = 50;

	private static ConfigurableApplicationContext context;

	private static int port;

	private static final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() throws Exception {
		context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off", "spring.application.name=shop",
					"observability.environment=staging",
					"observability.logging.json=false", "observability.logging.access-log.enabled=false",
					"observability.metrics.prometheus.password=scrape-pass-long",
					"observability.metrics.max-tag-values=" + MAX_TAG_VALUES,
					"management.tracing.sampling.probability=1.0")
			.run("--spring.application.version=2.5.0");
		port = TestLine.port(context);
		HttpResponse<String> probe = get("/orders/probe", null);
		assertThat(probe.statusCode()).as(probe.body()).isEqualTo(200);
		for (int i = 0; i < 5_000; i++) {
			get("/orders/" + UUID.randomUUID(), null);
			get("/random/" + UUID.randomUUID(), null);
		}
		get("/login", null);
		get("/sync", null);
		ObservationRegistry registry = context.getBean(ObservationRegistry.class);
		for (int i = 0; i < 10_000; i++) {
			Observation.createNotStarted("mcp.command", registry)
				.lowCardinalityKeyValue("command", "tool-" + UUID.randomUUID())
				.observe(() -> {
				});
		}
		get("/actuator/prometheus", "Basic d3Jvbmc6d3Jvbmc=");
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void shouldWriteValidPrometheusTextWithApplicationAndEnvironmentOnEverySeries() throws Exception {
		String text = get("/actuator/prometheus", AUTHORIZATION).body();
		for (String line : text.split("\n")) {
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			assertThat(line).matches(SAMPLE).contains("application=\"shop\"", "environment=\"staging\"");
		}
		assertThat(text).containsPattern("application_info\\{[^}]*release=\"shop@2.5.0\"[^}]*version=\"2.5.0\"[^}]*\\} 1");
		assertThat(text).containsPattern(
				"http_server_requests_seconds_bucket\\{[^ ]*uri=\"/orders/\\{id}\",le=\"0.1\"\\} ");
		assertThat(text).containsPattern("oauth_exchange_seconds_count\\{[^}]*outcome=\"success\"[^}]*provider=\"github\"");
		assertThat(text).containsPattern("sync_run_items_total\\{[^}]*source=\"warehouse\"[^}]*\\} 42");
		assertThat(text).containsPattern("observability_scrape_auth_failures_total\\{[^}]*\\} [1-9]");
	}

	@Test
	void shouldKeepCardinalityBoundedUnderRandomUrlsAndToolNames() throws Exception {
		String text = get("/actuator/prometheus", AUTHORIZATION).body();
		Set<String> uris = labelValues(text, "http_server_requests_seconds_count", "uri");
		assertThat(uris).contains("/orders/{id}").hasSizeLessThanOrEqualTo(10);
		Set<String> commands = labelValues(text, "mcp_command_seconds_count", "command");
		assertThat(commands).hasSize(MAX_TAG_VALUES + 1).contains(FlowTagCardinalityFilter.OVERFLOW);
	}

	@Test
	void shouldWriteOpenMetricsWithTraceExemplars() throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
				+ "/actuator/prometheus"))
			.header("Authorization", AUTHORIZATION)
			.header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
		assertThat(response.body().trim()).endsWith("# EOF");
		assertThat(response.body())
			.containsPattern("http_server_requests_seconds_bucket\\{[^}]*\\} [0-9]+ # \\{[^}]*trace_id=\"[0-9a-f]{32}\"");
	}

	@Test
	void shouldProtectTheObservabilityEndpointLikeTheScrape() throws Exception {
		assertThat(get("/actuator/observability", null).statusCode()).isEqualTo(401);
		HttpResponse<String> response = get("/actuator/observability", AUTHORIZATION);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"release\":\"shop@2.5.0\"", "\"metrics\":", "\"dropped\":",
				"observability.scrape.auth.failures", "observability.logs.dropped", "observability.tracing.failures")
			.doesNotContain("scrape-pass-long");
	}

	private static Set<String> labelValues(String text, String metric, String label) {
		Set<String> values = new TreeSet<>();
		Matcher matcher = Pattern.compile("^" + metric + "\\{(.*)\\} [^ ]+$", Pattern.MULTILINE).matcher(text);
		Pattern labelPattern = Pattern.compile(label + "=\"([^\"]*)\"");
		while (matcher.find()) {
			Matcher value = labelPattern.matcher(matcher.group(1));
			if (value.find()) {
				values.add(value.group(1));
			}
		}
		return values;
	}

	private static HttpResponse<String> get(String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ ShopController.class, OAuthClient.class, SyncJob.class })
	static class TestApplication {

		@Bean
		SecurityFilterChain app(HttpSecurity http) throws Exception {
			return http.securityMatcher("/orders/**", "/random/**", "/login", "/sync")
				.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.build();
		}

	}

	@RestController
	static class ShopController {

		private final OAuthClient client;

		private final SyncJob sync;

		ShopController(OAuthClient client, SyncJob sync) {
			this.client = client;
			this.sync = sync;
		}

		@GetMapping("/orders/{id}")
		String order(@PathVariable String id) {
			return id;
		}

		@GetMapping("/login")
		String login() {
			return this.client.exchange();
		}

		@GetMapping("/sync")
		String sync() {
			return this.sync.run();
		}

	}

	@Component
	static class OAuthClient {

		@Observed(name = "oauth.exchange", lowCardinalityKeyValues = { "provider", "github" })
		public String exchange() {
			return "token";
		}

	}

	@Component
	static class SyncJob {

		private final Flows flows;

		SyncJob(Flows flows) {
			this.flows = flows;
		}

		@Observed(name = "sync.run")
		public String run() {
			this.flows.tag("source", "warehouse");
			this.flows.count("items", 42);
			return "synced";
		}

	}

}
