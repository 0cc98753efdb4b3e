package dev.observability.dashboards;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Alertmanager configuration, proven with Debian's {@code prometheus-alertmanager}: it passes
 * {@code amtool check-config}; every alert of every rule file under {@code prometheus/rules} routes
 * by its severity, critical to the pager and warning to chat, and an alert that no route takes
 * lands in {@code unrouted} and fails the build; and a real Alertmanager running a copy of the
 * configuration (shorter group timings, credential files pointing at a local receiver) pages
 * through PagerDuty's Events API v2 with the routing key read from its file, posts warnings to a
 * Slack webhook with their summary and runbook, still posts an unrouted alert to chat, holds back
 * the warnings of an instance that is down but none of its criticals, and lets the critical of an
 * alert family hold back its warning. Without the tools the tests are aborted with the
 * {@code apt-get} line, never passed.
 */
class AlertRoutingTests {

	private static final File AMTOOL = new File("/usr/bin/amtool");

	private static final File ALERTMANAGER = new File("/usr/bin/prometheus-alertmanager");

	private static final Path CONFIG = Path.of("alertmanager", "alertmanager.yml");

	private static final Path SECRETS = Path.of("alertmanager", "secrets");

	private static final Path RULES = Path.of("prometheus", "rules");

	private static final String ROUTING_KEY = "test-routing-key-from-its-file";

	private static final Map<String, String> RECEIVER_BY_SEVERITY = Map.of("critical", "pager", "warning", "chat");

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final ObjectMapper json = new ObjectMapper();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

	private static HttpServer receiver;

	private static Process alertmanager;

	private static int alertmanagerPort;

	@BeforeAll
	static void start() throws Exception {
		Assumptions.assumeTrue(AMTOOL.canExecute() && ALERTMANAGER.canExecute(),
				"Alertmanager is missing: run 'apt-get install prometheus-alertmanager' to check the alert routing");
		receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/slack", (exchange) -> receive(exchange, 200, "ok"));
		receiver.createContext("/pagerduty",
				(exchange) -> receive(exchange, 202, "{\"status\":\"success\",\"message\":\"Event processed\"}"));
		receiver.start();
		String receiverUrl = "http://127.0.0.1:" + receiver.getAddress().getPort();
		Path work = Files.createDirectories(Path.of("target", "alertmanager-live"));
		Path secrets = Files.createDirectories(work.resolve("secrets"));
		// Written as an operator would, with a newline: Alertmanager trims what it reads.
		Files.writeString(secrets.resolve("pagerduty-routing-key"), ROUTING_KEY + "\n");
		Files.writeString(secrets.resolve("slack-webhook-url"), receiverUrl + "/slack\n");
		Map<String, Object> config = yaml(CONFIG);
		global(config).put("pagerduty_url", receiverUrl + "/pagerduty");
		shortenGroupTimings(map(config.get("route")));
		pointCredentialFilesAt(config, secrets.toAbsolutePath());
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		Path copy = work.resolve("alertmanager.yml");
		Files.writeString(copy, new Yaml(options).dump(config));
		alertmanagerPort = LocalProcesses.freePort();
		alertmanager = new ProcessBuilder(ALERTMANAGER.getPath(), "--config.file=" + copy,
				"--storage.path=" + work.resolve("data-" + System.nanoTime()),
				"--web.listen-address=127.0.0.1:" + alertmanagerPort, "--cluster.listen-address=")
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("alertmanager.log").toFile())
			.start();
		LocalProcesses.awaitUntil(() -> "a ready Alertmanager", WAIT, () -> status("/-/ready") == 200);
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (alertmanager != null) {
			LocalProcesses.stop(alertmanager);
		}
		if (receiver != null) {
			receiver.stop(0);
		}
	}

	@Test
	void shouldPassAmtoolCheckConfigWithAPlaceholderForEveryCredentialFile() throws Exception {
		assertThat(amtool("check-config", CONFIG.toString())).contains("SUCCESS");
		List<String> files = new ArrayList<>();
		for (Map<String, Object> integration : integrations(yaml(CONFIG))) {
			integration.forEach((key, value) -> {
				if (key.endsWith("_file")) {
					files.add(value.toString());
				}
			});
		}
		assertThat(files).isNotEmpty().allSatisfy((file) -> {
			Path placeholder = SECRETS.resolve(Path.of(file).getFileName());
			assertThat(placeholder).as("placeholder of %s", file).isRegularFile();
			assertThat(Files.readString(placeholder)).as("placeholder of %s", file).contains("REPLACE");
		});
	}

	@Test
	void shouldRouteEveryAlertOfEveryRuleFileBySeverity() throws Exception {
		List<String> failures = new ArrayList<>();
		int checked = 0;
		for (Alert alert : alertsOfTheRuleFiles()) {
			checked++;
			String severity = alert.labels().getOrDefault("severity", "");
			String expected = RECEIVER_BY_SEVERITY.get(severity);
			String actual = receiverOf(alert.labels());
			if (expected == null) {
				failures.add("%s in %s has %s: only critical and warning are routed, it reaches '%s'".formatted(
						alert.name(), alert.file(), severity.isEmpty() ? "no severity" : "severity '" + severity + "'",
						actual));
			}
			else if (!expected.equals(actual)) {
				failures.add("%s in %s (severity %s) reaches '%s', not '%s'".formatted(alert.name(), alert.file(),
						severity, actual, expected));
			}
		}
		assertThat(checked).isPositive();
		assertThat(failures).isEmpty();
	}

	@Test
	void shouldSendAnAlertWithoutAKnownSeverityToUnrouted() throws Exception {
		assertThat(receiverOf(Map.of("alertname", "DiskAlmostFull", "severity", "info", "application", "example-app",
				"environment", "production"))).isEqualTo("unrouted");
		assertThat(receiverOf(Map.of("alertname", "DiskAlmostFull", "application", "example-app"))).isEqualTo("unrouted");
	}

	@Test
	void shouldPageACriticalThroughPagerDutyWithTheRoutingKeyFromItsFile() throws Exception {
		post(alert("HighErrorRate", "critical", "checkout", "checkout (production): 12% of requests fail with 5xx",
				"higherrorrate"));
		JsonNode event = awaitDelivery("/pagerduty", "checkout");
		assertThat(event.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
		assertThat(event.path("event_action").asText()).isEqualTo("trigger");
		assertThat(event.path("dedup_key").asText()).isNotBlank();
		JsonNode payload = event.path("payload");
		assertThat(payload.path("summary").asText())
			.isEqualTo("[FIRING:1] HighErrorRate: checkout (production): 12% of requests fail with 5xx");
		assertThat(payload.path("severity").asText()).isEqualTo("critical");
		assertThat(payload.path("source").asText()).isEqualTo("checkout");
		assertThat(payload.path("custom_details").path("runbook_url").asText())
			.isEqualTo("dashboards/docs/runbook.md#higherrorrate");
		assertThat(payload.path("custom_details").path("environment").asText()).isEqualTo("production");
	}

	@Test
	void shouldPostAWarningToSlackWithItsSummaryAndRunbookAndItsResolution() throws Exception {
		Map<String, Object> alert = alert("OAuthExchangeFailures", "warning", "billing",
				"billing: 15% of OAuth exchanges with github fail", "flowfailures", "provider", "github");
		post(alert);
		JsonNode firing = awaitDelivery("/slack", "billing");
		assertThat(firing.path("channel").asText()).isEqualTo("#alerts");
		JsonNode attachment = firing.path("attachments").path(0);
		assertThat(attachment.path("title").asText())
			.isEqualTo("[FIRING:1] OAuthExchangeFailures in billing (production)");
		assertThat(attachment.path("text").asText()).isEqualTo("""
				*FIRING* billing: 15% of OAuth exchanges with github fail
				Runbook: dashboards/docs/runbook.md#flowfailures
				""");
		assertThat(attachment.path("color").asText()).isEqualTo("warning");
		alert.put("endsAt", Instant.now().minusSeconds(1).toString());
		post(alert);
		JsonNode resolved = awaitDelivery("/slack", "[RESOLVED] OAuthExchangeFailures in billing");
		assertThat(resolved.path("attachments").path(0).path("color").asText()).isEqualTo("good");
	}

	@Test
	void shouldStillPostAnUnroutedAlertToChat() throws Exception {
		post(alert("DiskAlmostFull", "info", "ledger", "ledger: 91% of its disk is used", "diskalmostfull"));
		JsonNode attachment = awaitDelivery("/slack", "ledger").path("attachments").path(0);
		assertThat(attachment.path("title").asText()).startsWith("[UNROUTED] DiskAlmostFull in ledger")
			.contains("severity \"info\"");
		assertThat(attachment.path("text").asText())
			.contains("ledger: 91% of its disk is used", "Runbook: dashboards/docs/runbook.md#diskalmostfull");
	}

	@Test
	void shouldHoldBackTheWarningsOfAnInstanceThatIsDownButNotItsCriticals() throws Exception {
		post(alert("InstanceDown", "critical", "inventory", "inventory-1:8080 of job inventory cannot be scraped",
				"instancedown", "instance", "inventory-1:8080", "job", "inventory"));
		assertThat(awaitDelivery("/pagerduty", "InstanceDown: inventory-1:8080").path("payload").path("source").asText())
			.isEqualTo("inventory");
		post(alert("MemoryPressure", "warning", "inventory", "inventory on inventory-1:8080 uses 95% of its heap",
				"memorypressure", "instance", "inventory-1:8080"),
				alert("MemoryPressure", "warning", "inventory", "inventory on inventory-2:8080 uses 93% of its heap",
						"memorypressure", "instance", "inventory-2:8080"),
				alert("HighErrorRate", "critical", "inventory", "inventory (production): 30% of requests fail with 5xx",
						"higherrorrate", "instance", "inventory-1:8080"));
		// Both instances are in one group: its one notification names only the instance that is up.
		JsonNode memory = awaitDelivery("/slack", "MemoryPressure in inventory").path("attachments").path(0);
		assertThat(memory.path("title").asText()).startsWith("[FIRING:1]");
		assertThat(memory.path("text").asText()).contains("inventory-2:8080").doesNotContain("inventory-1");
		awaitDelivery("/pagerduty", "HighErrorRate: inventory (production): 30%");
		String down = alertStatus("InstanceDown", "inventory", "inventory-1:8080").path("fingerprint").asText();
		JsonNode held = alertStatus("MemoryPressure", "inventory", "inventory-1:8080").path("status");
		assertThat(held.path("state").asText()).isEqualTo("suppressed");
		assertThat(held.path("inhibitedBy")).extracting(JsonNode::asText).containsExactly(down);
		assertThat(state("MemoryPressure", "inventory", "inventory-2:8080")).isEqualTo("active");
		assertThat(state("HighErrorRate", "inventory", "inventory-1:8080")).isEqualTo("active");
		assertThat(state("InstanceDown", "inventory", "inventory-1:8080")).isEqualTo("active");
		assertThat(bodies("/slack")).noneMatch((body) -> body.contains("inventory-1"));
	}

	@Test
	void shouldLetTheCriticalOfAnAlertFamilyHoldBackItsWarning() throws Exception {
		post(alert("HighLatencyP95Critical", "critical", "search", "search (production): p95 latency 2.5s is above 2s",
				"highlatencyp95"),
				alert("AvailabilityErrorBudgetBurnFast", "critical", "search",
						"search (production) burns its availability error budget fast", "errorbudgetburn", "slo",
						"availability"));
		awaitDelivery("/pagerduty", "HighLatencyP95Critical: search");
		awaitDelivery("/pagerduty", "AvailabilityErrorBudgetBurnFast: search");
		post(alert("HighLatencyP95", "warning", "search", "search (production): p95 latency 2.5s is above 1s",
				"highlatencyp95"),
				alert("AvailabilityErrorBudgetBurnSlow", "warning", "search",
						"search (production) burns its availability error budget", "errorbudgetburn", "slo",
						"availability"),
				alert("LatencyErrorBudgetBurnSlow", "warning", "search",
						"search (production) burns its latency error budget", "errorbudgetburn", "slo", "latency"));
		// The slow burn of the other SLO is not held back: it is delivered, posted with the two others.
		awaitDelivery("/slack", "LatencyErrorBudgetBurnSlow in search");
		assertThat(state("HighLatencyP95", "search", null)).isEqualTo("suppressed");
		assertThat(state("AvailabilityErrorBudgetBurnSlow", "search", null)).isEqualTo("suppressed");
		assertThat(bodies("/slack")).noneMatch((body) -> body.contains("HighLatencyP95 in search")
				|| body.contains("AvailabilityErrorBudgetBurnSlow in search"));
	}

	private static List<Alert> alertsOfTheRuleFiles() throws IOException {
		List<Alert> alerts = new ArrayList<>();
		List<Path> files;
		try (Stream<Path> list = Files.list(RULES)) {
			files = list.filter((file) -> file.toString().endsWith(".yml")).sorted().toList();
		}
		for (Path file : files) {
			for (Map<String, Object> group : maps(yaml(file).get("groups"))) {
				for (Map<String, Object> rule : maps(group.get("rules"))) {
					if (rule.containsKey("alert")) {
						Map<String, String> labels = new LinkedHashMap<>();
						map(rule.get("labels")).forEach((name, value) -> labels.put(name, String.valueOf(value)));
						labels.put("alertname", rule.get("alert").toString());
						labels.putIfAbsent("application", "example-app");
						labels.putIfAbsent("environment", "production");
						labels.putIfAbsent("instance", "example-app-1:8080");
						alerts.add(new Alert(rule.get("alert").toString(), file.toString(), labels));
					}
				}
			}
		}
		return alerts;
	}

	private static String receiverOf(Map<String, String> labels) throws IOException, InterruptedException {
		List<String> arguments = new ArrayList<>(List.of("config", "routes", "test", "--config.file=" + CONFIG));
		labels.forEach((name, value) -> arguments
			.add(name + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
		return amtool(arguments.toArray(String[]::new)).trim();
	}

	private static String amtool(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(AMTOOL.getPath()));
		command.addAll(List.of(arguments));
		// amtool warns on stderr that --config.file overrides --alertmanager.url: kept apart from the answer.
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	/**
	 * An alert as Prometheus sends it, in production, with more labels given as name and value pairs.
	 */
	private static Map<String, Object> alert(String name, String severity, String application, String summary,
			String runbookSection, String... moreLabels) {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("alertname", name);
		labels.put("severity", severity);
		labels.put("application", application);
		labels.put("environment", "production");
		for (int i = 0; i < moreLabels.length; i += 2) {
			labels.put(moreLabels[i], moreLabels[i + 1]);
		}
		Map<String, Object> alert = new LinkedHashMap<>();
		alert.put("labels", labels);
		alert.put("annotations",
				Map.of("summary", summary, "runbook_url", "dashboards/docs/runbook.md#" + runbookSection));
		return alert;
	}

	@SafeVarargs
	private static void post(Map<String, Object>... alerts) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create(alertmanagerUrl("/api/v2/alerts")))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(List.of(alerts))))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	private static JsonNode alertStatus(String name, String application, String instance) throws Exception {
		StringBuilder query = new StringBuilder("/api/v2/alerts?filter=")
			.append(URLEncoder.encode("alertname=\"" + name + "\"", StandardCharsets.UTF_8))
			.append("&filter=")
			.append(URLEncoder.encode("application=\"" + application + "\"", StandardCharsets.UTF_8));
		if (instance != null) {
			query.append("&filter=").append(URLEncoder.encode("instance=\"" + instance + "\"", StandardCharsets.UTF_8));
		}
		JsonNode alerts = json.readTree(http
			.send(HttpRequest.newBuilder(URI.create(alertmanagerUrl(query.toString()))).build(),
					HttpResponse.BodyHandlers.ofString())
			.body());
		assertThat(alerts).as("alerts %s of %s on %s", name, application, instance).hasSize(1);
		return alerts.get(0);
	}

	private static String state(String name, String application, String instance) throws Exception {
		return alertStatus(name, application, instance).path("status").path("state").asText();
	}

	private static JsonNode awaitDelivery(String path, String text) throws Exception {
		Predicate<Delivery> wanted = (delivery) -> delivery.path().equals(path) && delivery.body().contains(text);
		LocalProcesses.awaitUntil(() -> "a request to " + path + " with '" + text + "' among " + deliveries, WAIT,
				() -> deliveries.stream().anyMatch(wanted));
		return json.readTree(deliveries.stream().filter(wanted).findFirst().orElseThrow().body());
	}

	private static List<String> bodies(String path) {
		return deliveries.stream().filter((delivery) -> delivery.path().equals(path)).map(Delivery::body).toList();
	}

	private static void receive(HttpExchange exchange, int status, String answer) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			deliveries.add(new Delivery(exchange.getRequestURI().getPath(),
					new String(body.readAllBytes(), StandardCharsets.UTF_8)));
		}
		byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	private static void shortenGroupTimings(Map<String, Object> route) {
		for (String timing : List.of("group_wait", "group_interval")) {
			if (route.containsKey(timing)) {
				route.put(timing, "1s");
			}
		}
		for (Map<String, Object> child : maps(route.get("routes"))) {
			shortenGroupTimings(child);
		}
	}

	/**
	 * Points every {@code *_file} of every receiver at the file of the same name in the test's own
	 * secrets directory.
	 */
	private static void pointCredentialFilesAt(Map<String, Object> config, Path secrets) {
		for (Map<String, Object> integration : integrations(config)) {
			integration.replaceAll((key, value) -> key.endsWith("_file")
					? secrets.resolve(Path.of(value.toString()).getFileName()).toString() : value);
		}
	}

	/**
	 * The integrations of every receiver: its {@code pagerduty_configs}, {@code slack_configs}...
	 */
	private static List<Map<String, Object>> integrations(Map<String, Object> config) {
		List<Map<String, Object>> integrations = new ArrayList<>();
		for (Map<String, Object> receiver : maps(config.get("receivers"))) {
			receiver.values().stream().filter(List.class::isInstance).forEach((value) -> integrations.addAll(maps(value)));
		}
		return integrations;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> global(Map<String, Object> config) {
		return (Map<String, Object>) config.computeIfAbsent("global", (key) -> new LinkedHashMap<>());
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> maps(Object value) {
		return (value != null) ? (List<Map<String, Object>>) value : List.of();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value != null) ? (Map<String, Object>) value : Map.of();
	}

	private static Map<String, Object> yaml(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			return new Yaml().load(reader);
		}
	}

	private static String alertmanagerUrl(String path) {
		return "http://127.0.0.1:" + alertmanagerPort + path;
	}

	private static int status(String path) {
		try {
			return http
				.send(HttpRequest.newBuilder(URI.create(alertmanagerUrl(path))).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (Exception ex) {
			return -1;
		}
	}

	private record Alert(String name, String file, Map<String, String> labels) {
	}

	private record Delivery(String path, String body) {
	}

}
