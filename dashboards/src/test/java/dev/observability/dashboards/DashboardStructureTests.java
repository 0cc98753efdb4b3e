package dev.observability.dashboards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Grafana needs to import a dashboard and render it with data, checked without Grafana: unique
 * uids and panel ids, a data source input and a unit on every panel, a grid without overlaps, queries
 * filtered by the dashboard's variables, only declared variables, a row of stats first, exemplars on
 * latency, links between the dashboards that keep the variables, Sentry links by release, and an SLO
 * dashboard built on the recording rules and alert thresholds that exist. The queries themselves run
 * against a real Prometheus in {@link LivePrometheusTests}.
 */
class DashboardStructureTests {

	private static final Set<String> OPENING_STATS = Set.of("Request rate", "Error share", "p95 latency",
			"Flows failing", "Telemetry dropped");

	private static final Set<String> GRAFANA_VARIABLES = Set.of("__rate_interval", "__range", "__url_time_range",
			"__field", "__all", "__interval");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");

	private static final Pattern DASHBOARD_URL = Pattern.compile("^/d/([a-z0-9-]+)");

	private static final Map<Path, JsonNode> dashboards = new LinkedHashMap<>();

	private static final Map<String, JsonNode> byUid = new HashMap<>();

	@BeforeAll
	static void read() throws IOException {
		for (Path file : Dashboards.files()) {
			dashboards.put(file, Dashboards.read(file));
		}
		for (JsonNode dashboard : dashboards.values()) {
			byUid.put(dashboard.path("uid").asText(), dashboard);
		}
		JsonNode logs = Dashboards.read(Dashboards.DIRECTORY.resolve("logs").resolve("logs.json"));
		byUid.put(logs.path("uid").asText(), logs);
	}

	@Test
	void shouldHaveUniqueUidsAndThePrometheusInput() {
		Set<String> uids = new HashSet<>();
		dashboards.forEach((file, dashboard) -> {
			assertThat(uids.add(dashboard.path("uid").asText())).as("unique uid of %s", file).isTrue();
			assertThat(dashboard.path("title").asText()).as("title of %s", file).isNotBlank();
			assertThat(dashboard.path("__inputs").findValuesAsText("name")).as("inputs of %s", file)
				.contains("DS_PROMETHEUS");
			assertThat(names(dashboard)).as("variables of %s", file)
				.contains("DS_PROMETHEUS", "application", "environment", "instance");
			assertThat(dashboard.path("tags").toString()).as("tags of %s", file).contains("\"observability\"");
		});
		assertThat(uids).containsExactlyInAnyOrder("obs-service-overview", "obs-business-flows",
				"obs-errors-by-release", "obs-starter-health", "obs-slo");
	}

	@Test
	void shouldGiveEveryPanelAUniqueIdADataSourceAUnitAndQueries() {
		dashboards.forEach((file, dashboard) -> {
			Set<Integer> ids = new HashSet<>();
			for (JsonNode panel : dashboard.path("panels")) {
				assertThat(ids.add(panel.path("id").asInt(-1))).as("unique id of %s in %s", title(panel), file).isTrue();
				panel.path("panels").forEach((child) -> assertThat(ids.add(child.path("id").asInt(-1)))
					.as("unique id of %s in %s", title(child), file)
					.isTrue());
			}
			assertThat(ids).as("panel ids of %s", file).doesNotContain(-1);
			for (JsonNode panel : Dashboards.panels(dashboard)) {
				String title = file.getFileName() + " / " + title(panel);
				assertThat(title(panel)).as("title of a panel in %s", file).isNotBlank();
				assertThat(panel.path("datasource").path("uid").asText()).as("data source of %s", title)
					.isEqualTo("${DS_PROMETHEUS}");
				assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as("unit of %s", title)
					.isNotBlank();
				assertThat(panel.path("targets")).as("queries of %s", title).isNotEmpty();
				Set<String> refIds = new HashSet<>();
				for (JsonNode target : panel.path("targets")) {
					assertThat(target.path("datasource").path("uid").asText()).as("data source of a query of %s", title)
						.isEqualTo("${DS_PROMETHEUS}");
					assertThat(refIds.add(target.path("refId").asText())).as("unique refId in %s", title).isTrue();
					assertThat(target.path("expr").asText()).as("query of %s", title).isNotBlank();
				}
			}
		});
	}

	@Test
	void shouldPlacePanelsOnTheGridWithoutOverlap() {
		dashboards.forEach((file, dashboard) -> {
			List<JsonNode> top = new ArrayList<>();
			dashboard.path("panels").forEach(top::add);
			assertNoOverlap(file + " (top level)", top);
			for (JsonNode panel : top) {
				if (Dashboards.isRow(panel) && panel.path("collapsed").asBoolean()) {
					List<JsonNode> children = new ArrayList<>();
					panel.path("panels").forEach(children::add);
					assertNoOverlap(file + " / " + title(panel), children);
					for (JsonNode child : children) {
						assertThat(child.path("gridPos").path("y").asInt()).as("%s below its row", title(child))
							.isGreaterThan(panel.path("gridPos").path("y").asInt());
					}
				}
				else {
					assertThat(panel.path("panels")).as("panels of the open row %s", title(panel)).isEmpty();
				}
			}
		});
	}

	@Test
	void shouldFilterEveryQueryByTheDashboardsVariables() {
		dashboards.forEach((file, dashboard) -> {
			for (JsonNode panel : Dashboards.panels(dashboard)) {
				for (JsonNode target : panel.path("targets")) {
					String expr = target.path("expr").asText();
					assertThat(expr).as("filters of %s / %s", file, title(panel))
						.contains("application=~\"$application\"", "environment=~\"$environment\"");
					if (expr.contains("rate(")) {
						assertThat(expr).as("rate window of %s / %s", file, title(panel)).contains("[$__rate_interval]");
					}
				}
			}
		});
	}

	@Test
	void shouldUseOnlyDeclaredVariables() {
		dashboards.forEach((file, dashboard) -> {
			Set<String> declared = new HashSet<>(names(dashboard));
			Set<String> undeclared = new TreeSet<>();
			Matcher reference = VARIABLE.matcher(dashboard.toString());
			while (reference.find()) {
				String name = reference.group(1);
				if (!declared.contains(name) && !GRAFANA_VARIABLES.contains(name)) {
					undeclared.add(name);
				}
			}
			assertThat(undeclared).as("variables used but not declared in %s", file).isEmpty();
		});
	}

	@Test
	void shouldOpenWithARowOfStatsWithThresholdsUnitsAndColors() {
		dashboards.forEach((file, dashboard) -> {
			Set<String> titles = new HashSet<>();
			int width = 0;
			for (JsonNode panel : dashboard.path("panels")) {
				if (panel.path("gridPos").path("y").asInt() != 0) {
					continue;
				}
				String title = file.getFileName() + " / " + title(panel);
				assertThat(panel.path("type").asText()).as("type of %s", title).isEqualTo("stat");
				JsonNode defaults = panel.path("fieldConfig").path("defaults");
				assertThat(defaults.path("unit").asText()).as("unit of %s", title).isNotBlank();
				assertThat(defaults.path("color").path("mode").asText()).as("color mode of %s", title)
					.isEqualTo("thresholds");
				assertThat(defaults.path("thresholds").path("steps").findValuesAsText("color")).as("colors of %s", title)
					.isNotEmpty();
				assertThat(panel.path("options").path("colorMode").asText()).as("coloring of %s", title).isNotEqualTo("none");
				titles.add(title(panel));
				width += panel.path("gridPos").path("w").asInt();
			}
			assertThat(titles).as("opening stats of %s", file).isEqualTo(OPENING_STATS);
			assertThat(width).as("width of the opening row of %s", file).isEqualTo(24);
		});
	}

	@Test
	void shouldRepeatOptionalRowsOverTheirOwnVariableCollapsed() {
		JsonNode overview = byUid.get("obs-service-overview");
		Map<String, String> repeats = new HashMap<>();
		for (JsonNode panel : overview.path("panels")) {
			if (panel.hasNonNull("repeat")) {
				assertThat(panel.path("collapsed").asBoolean()).as("%s collapsed", title(panel)).isTrue();
				repeats.put(panel.path("repeat").asText(), title(panel));
			}
		}
		assertThat(repeats).containsOnlyKeys("pool", "client", "executor");
		for (JsonNode variable : Dashboards.variables(overview)) {
			if (repeats.containsKey(variable.path("name").asText())) {
				assertThat(variable.path("includeAll").asBoolean()).isTrue();
				assertThat(variable.path("current").path("value").toString()).contains("$__all");
			}
		}
		String queries = overview.toString();
		assertThat(queries).contains("hikaricp_connections", "http_client_requests_seconds_count",
				"executor_queued_tasks", "jvm_memory_used_bytes{");
	}

	@Test
	void shouldShowExemplarsOnLatencyPanels() {
		int latencyPanels = 0;
		for (Map.Entry<Path, JsonNode> entry : dashboards.entrySet()) {
			for (JsonNode panel : Dashboards.panels(entry.getValue())) {
				if (!"timeseries".equals(panel.path("type").asText())
						|| !panel.path("targets").toString().contains("histogram_quantile")) {
					continue;
				}
				latencyPanels++;
				for (JsonNode target : panel.path("targets")) {
					assertThat(target.path("exemplar").asBoolean()).as("exemplars of %s / %s", entry.getKey(), title(panel))
						.isTrue();
				}
			}
		}
		assertThat(latencyPanels).isPositive();
	}

	@Test
	void shouldLinkTheDashboardsToEachOtherKeepingTheirVariables() {
		dashboards.forEach((file, dashboard) -> {
			boolean dropdown = false;
			for (JsonNode link : dashboard.path("links")) {
				if ("dashboards".equals(link.path("type").asText())) {
					dropdown = link.path("tags").toString().contains("observability") && link.path("includeVars").asBoolean()
							&& link.path("keepTime").asBoolean();
				}
			}
			assertThat(dropdown).as("a dashboards link of %s that keeps variables and time", file).isTrue();
			List<String> urls = dashboard.findValuesAsText("url");
			assertThat(urls).as("links of %s", file).isNotEmpty();
			for (String url : urls) {
				Matcher target = DASHBOARD_URL.matcher(url);
				if (!target.find()) {
					continue;
				}
				JsonNode linked = byUid.get(target.group(1));
				assertThat(linked).as("dashboard %s linked from %s", url, file).isNotNull();
				assertThat(url).as("time range kept by %s", url).contains("${__url_time_range}");
				Set<String> shared = new HashSet<>(names(linked));
				shared.retainAll(names(dashboard));
				for (String name : shared) {
					assertThat(url).as("variable %s kept by a link of %s", name, file).contains("${" + name + ":queryparam}");
				}
			}
		});
	}

	@Test
	void shouldLinkErrorsToTheSentryIssuesOfTheirRelease() {
		JsonNode errors = byUid.get("obs-errors-by-release");
		assertThat(names(errors)).contains("release", "sentry_url");
		assertThat(errors.path("links").findValuesAsText("url"))
			.anySatisfy((url) -> assertThat(url).startsWith("${sentry_url}/issues/").contains("release", "${release"));
		List<String> dataLinks = new ArrayList<>();
		for (JsonNode panel : Dashboards.panels(errors)) {
			panel.path("fieldConfig").path("defaults").path("links").findValuesAsText("url").forEach(dataLinks::add);
		}
		assertThat(dataLinks).isNotEmpty()
			.allSatisfy((url) -> assertThat(url).startsWith("${sentry_url}/issues/").contains("${__field.labels.release}"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldBuildTheSloDashboardOnTheRecordingRulesAndTheAlertThresholds() throws IOException {
		Set<String> recorded = new HashSet<>();
		Map<String, String> alerts = new HashMap<>();
		try (Stream<Path> files = Files.list(Path.of("prometheus", "rules"))) {
			for (Path file : files.toList()) {
				Map<String, Object> rules = new Yaml().load(Files.readString(file));
				for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
					for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
						if (rule.containsKey("record")) {
							recorded.add((String) rule.get("record"));
						}
						else {
							alerts.put((String) rule.get("alert"), (String) rule.get("expr"));
						}
					}
				}
			}
		}
		Pattern recording = Pattern.compile("\\b([a-z_]+:[a-z0-9_:]+)");
		for (JsonNode dashboard : dashboards.values()) {
			for (JsonNode panel : Dashboards.panels(dashboard)) {
				Matcher name = recording.matcher(panel.path("targets").findValuesAsText("expr").toString());
				while (name.find()) {
					assertThat(recorded).as("recording rule used by %s", title(panel)).contains(name.group(1));
				}
			}
		}
		JsonNode slo = byUid.get("obs-slo");
		String queries = slo.toString();
		for (String window : List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d")) {
			assertThat(queries).contains("slo:sli_error:ratio_rate" + window + "{");
		}
		assertThat(queries).contains("[30d]", "slo:objective:ratio");
		Pattern threshold = Pattern.compile("\\(([0-9.]+ \\* [0-9.]+)\\)");
		int checked = 0;
		for (JsonNode panel : Dashboards.panels(slo)) {
			for (JsonNode target : panel.path("targets")) {
				String legend = target.path("legendFormat").asText();
				for (Map.Entry<String, String> alert : alerts.entrySet()) {
					if (alert.getKey().contains("ErrorBudgetBurn") && legend.contains(alert.getKey() + " ")) {
						assertThat(thresholds(threshold, target.path("expr").asText())).as("thresholds of %s", alert.getKey())
							.isEqualTo(thresholds(threshold, alert.getValue()));
						checked++;
					}
				}
			}
		}
		assertThat(checked).as("burn-rate alerts shown").isEqualTo(
				alerts.keySet().stream().filter((name) -> name.contains("ErrorBudgetBurn")).count());
	}

	private static Set<String> thresholds(Pattern threshold, String expr) {
		Set<String> found = new TreeSet<>();
		Matcher matcher = threshold.matcher(expr);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

	private static void assertNoOverlap(String where, List<JsonNode> panels) {
		for (int i = 0; i < panels.size(); i++) {
			JsonNode a = panels.get(i).path("gridPos");
			assertThat(a.path("x").asInt(-1)).as("x of %s in %s", title(panels.get(i)), where).isBetween(0, 23);
			assertThat(a.path("y").asInt(-1)).as("y of %s in %s", title(panels.get(i)), where).isNotNegative();
			assertThat(a.path("w").asInt()).as("width of %s in %s", title(panels.get(i)), where)
				.isBetween(1, 24 - a.path("x").asInt());
			assertThat(a.path("h").asInt()).as("height of %s in %s", title(panels.get(i)), where).isPositive();
			for (int j = i + 1; j < panels.size(); j++) {
				JsonNode b = panels.get(j).path("gridPos");
				boolean apart = a.path("x").asInt() + a.path("w").asInt() <= b.path("x").asInt()
						|| b.path("x").asInt() + b.path("w").asInt() <= a.path("x").asInt()
						|| a.path("y").asInt() + a.path("h").asInt() <= b.path("y").asInt()
						|| b.path("y").asInt() + b.path("h").asInt() <= a.path("y").asInt();
				assertThat(apart).as("%s and %s overlap in %s", title(panels.get(i)), title(panels.get(j)), where).isTrue();
			}
		}
	}

	private static Set<String> names(JsonNode dashboard) {
		Set<String> names = new HashSet<>();
		Dashboards.variables(dashboard).forEach((variable) -> names.add(variable.path("name").asText()));
		return names;
	}

	private static String title(JsonNode panel) {
		return panel.path("title").asText();
	}

}
