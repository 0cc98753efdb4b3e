package dev.observability.dashboards;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboards and rules against a real Prometheus (Debian's package) scraping the real sample app
 * under demo traffic, with the scrape credentials: every dashboard query and every rule evaluates,
 * every panel that should have data has it (those inside collapsed rows too), every template
 * variable resolves to at least one value, and the starter's own metrics pass
 * {@code promtool check metrics}. Without Prometheus or the sample app's jar the test is aborted
 * with what is missing, never passed.
 */
class LivePrometheusTests {

	private static final File PROMETHEUS = new File("/usr/bin/prometheus");

	private static final File PROMTOOL = new File("/usr/bin/promtool");

	private static final Path SAMPLE_JAR = Path.of("..", "sample-app", "target", "observability-sample-app-0.1.0-SNAPSHOT.jar");

	private static final String PASSWORD = "sample-scrape-password";

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+), (\\w+)\\)");

	private static final Pattern RULE = Pattern.compile("^\\s+- (alert|record): ", Pattern.MULTILINE);

	private static final ObjectMapper json = new ObjectMapper();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final List<Process> processes = new ArrayList<>();

	private static int appPort;

	private static int prometheusPort;

	@BeforeAll
	static void start() throws Exception {
		Assumptions.assumeTrue(PROMETHEUS.canExecute() && PROMTOOL.canExecute(),
				"Prometheus is missing: run 'apt-get install prometheus' to check the dashboards against it");
		Assumptions.assumeTrue(Files.isRegularFile(SAMPLE_JAR),
				"The sample app is not built: run './mvnw verify' from the project root");
		Path work = Files.createDirectories(Path.of("target", "live-prometheus"));
		appPort = LocalProcesses.freePort();
		prometheusPort = LocalProcesses.freePort();
		// Debian's Prometheus 2.42 refuses a whole OpenMetrics scrape when a summary's _count carries an
		// exemplar, as Micrometer writes them: the sample runs without exemplars here.
		processes.add(new ProcessBuilder("java", "-jar", SAMPLE_JAR.toString(), "--server.port=" + appPort,
				"--spring.profiles.active=demo", "--sample.demo.period=500ms", "--sample.sync.period=2s",
				"--spring.autoconfigure.exclude="
						+ "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration")
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("sample-app.log").toFile())
			.start());
		LocalProcesses.awaitUntil(() -> "the sample app is live", Duration.ofSeconds(90),
				() -> status("http://localhost:" + appPort + "/livez", null) == 200);
		Path rules = Path.of("prometheus", "rules").toAbsolutePath();
		Files.writeString(work.resolve("scrape-password"), PASSWORD);
		Files.writeString(work.resolve("prometheus.yml"), """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s/*.yml
				scrape_configs:
				  - job_name: sample-app
				    metrics_path: /actuator/prometheus
				    basic_auth:
				      username: prometheus
				      password_file: %s
				    static_configs:
				      - targets: ["localhost:%d"]
				""".formatted(rules,
				work.resolve("scrape-password").toAbsolutePath(), appPort));
		processes.add(new ProcessBuilder(PROMETHEUS.getPath(), "--config.file=" + work.resolve("prometheus.yml"),
				"--storage.tsdb.path=" + work.resolve("data-" + System.nanoTime()),
				"--web.listen-address=127.0.0.1:" + prometheusPort, "--enable-feature=exemplar-storage")
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("prometheus.log").toFile())
			.start());
		LocalProcesses.awaitUntil(() -> "Prometheus has the sample's data and rules", Duration.ofSeconds(120),
				() -> hasData("up{job=\"sample-app\"} == 1")
				&& hasData("sum(rate(http_server_requests_seconds_count[1m])) > 0")
				&& hasData("sum(rate(oauth_exchange_seconds_count{outcome=\"failure\"}[1m])) > 0")
				&& hasData("sum(rate(sync_run_seconds_count{outcome=\"failure\"}[1m])) > 0")
				&& hasData("slo:sli_error:ratio_rate5m"));
	}

	@AfterAll
	static void stop() throws InterruptedException {
		for (Process process : processes) {
			LocalProcesses.stop(process);
		}
	}

	@Test
	void shouldAnswerEveryPanelQueryWithDataWhereDataIsExpected() throws Exception {
		List<String> failures = new ArrayList<>();
		int queries = 0;
		for (Path file : Dashboards.files()) {
			for (JsonNode panel : Dashboards.panels(Dashboards.read(file))) {
				boolean mayBeEmpty = panel.path("description").asText().toLowerCase().contains("empty");
				for (JsonNode target : panel.get("targets")) {
					queries++;
					String expr = Dashboards.substitute(target.get("expr").asText());
					JsonNode result = query(expr);
					if (!"success".equals(result.path("status").asText())) {
						failures.add(file.getFileName() + " / " + panel.get("title").asText() + ": " + result);
					}
					else if (!mayBeEmpty && result.path("data").path("result").isEmpty()) {
						failures.add(file.getFileName() + " / " + panel.get("title").asText() + ": no data for " + expr);
					}
				}
			}
		}
		assertThat(queries).isGreaterThan(60);
		assertThat(failures).isEmpty();
	}

	@Test
	void shouldResolveEveryTemplateVariable() throws Exception {
		List<String> unresolved = new ArrayList<>();
		int resolved = 0;
		for (Path file : Dashboards.files()) {
			for (JsonNode variable : Dashboards.variables(Dashboards.read(file))) {
				if (!"query".equals(variable.path("type").asText())) {
					continue;
				}
				Matcher labelValues = LABEL_VALUES.matcher(variable.path("definition").asText());
				assertThat(labelValues.matches()).as("label_values query of %s in %s", variable.path("name"), file).isTrue();
				String selector = Dashboards.substitute(labelValues.group(1));
				JsonNode series = json.readTree(get("http://127.0.0.1:" + prometheusPort + "/api/v1/series?match[]="
						+ URLEncoder.encode(selector, StandardCharsets.UTF_8), null).body());
				boolean found = false;
				for (JsonNode labels : series.path("data")) {
					found |= !labels.path(labelValues.group(2)).asText().isEmpty();
				}
				if (found) {
					resolved++;
				}
				else {
					unresolved.add(file.getFileName() + " / $" + variable.path("name").asText() + ": " + selector);
				}
			}
		}
		assertThat(unresolved).isEmpty();
		assertThat(resolved).isGreaterThanOrEqualTo(19);
	}

	@Test
	void shouldEvaluateEveryRuleWithoutError() throws Exception {
		JsonNode rules = json.readTree(get("http://127.0.0.1:" + prometheusPort + "/api/v1/rules", null).body());
		List<String> unhealthy = new ArrayList<>();
		int count = 0;
		for (JsonNode group : rules.path("data").path("groups")) {
			for (JsonNode rule : group.path("rules")) {
				count++;
				if (!"ok".equals(rule.path("health").asText())) {
					unhealthy.add(rule.path("name").asText() + ": " + rule.path("lastError").asText());
				}
			}
		}
		assertThat(count).isEqualTo(ruleCount());
		assertThat(unhealthy).isEmpty();
	}

	@Test
	void shouldPassPromtoolCheckMetricsForTheStartersOwnMetrics() throws Exception {
		String scrape = get("http://localhost:" + appPort + "/actuator/prometheus",
				"Basic " + Base64.getEncoder().encodeToString(("prometheus:" + PASSWORD).getBytes())).body();
		StringBuilder own = new StringBuilder();
		for (String line : scrape.split("\n")) {
			String name = line.startsWith("# ") ? line.split(" ")[2] : line.split("[{ ]")[0];
			if (name.startsWith("observability_") || name.startsWith("application_info")
					|| name.startsWith("oauth_exchange_") || name.startsWith("sync_run_")
					|| name.startsWith("mcp_command_")) {
				own.append(line).append('\n');
			}
		}
		assertThat(own).contains("oauth_exchange_seconds", "sync_run_items_total", "application_info");
		Process promtool = new ProcessBuilder(PROMTOOL.getPath(), "check", "metrics").redirectErrorStream(true).start();
		promtool.getOutputStream().write(own.toString().getBytes(StandardCharsets.UTF_8));
		promtool.getOutputStream().close();
		String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(promtool.exitValue()).as(output).isZero();
	}

	private static int ruleCount() throws IOException {
		int count = 0;
		try (Stream<Path> files = Files.list(Path.of("prometheus", "rules"))) {
			for (Path file : files.toList()) {
				count += (int) RULE.matcher(Files.readString(file)).results().count();
			}
		}
		return count;
	}

	private static boolean hasData(String expr) {
		try {
			JsonNode result = query(expr);
			return "success".equals(result.path("status").asText()) && !result.path("data").path("result").isEmpty();
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static JsonNode query(String expr) throws Exception {
		return json.readTree(get("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
				+ URLEncoder.encode(expr, StandardCharsets.UTF_8), null).body());
	}

	private static int status(String url, String authorization) {
		try {
			return get(url, authorization).statusCode();
		}
		catch (Exception ex) {
			return -1;
		}
	}

	private static HttpResponse<String> get(String url, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
