package dev.observability.dashboards;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The logs half of the local stack holds together: the collector sends each of the three signals
 * somewhere, the data sources link traces to logs and metrics and exemplars to traces, and the logs
 * dashboard is sound (a Loki data source on every panel and query, the application and environment
 * filters, the variables it names declared, unique ids, panels that do not overlap).
 */
class LogsStackTests {

	private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)");

	@Test
	@SuppressWarnings("unchecked")
	void shouldRouteTheThreeSignalsThroughTheCollector() throws IOException {
		Map<String, Object> config = yaml(Path.of("otel-collector", "config.yaml"));
		Map<String, Object> exporters = (Map<String, Object>) config.get("exporters");
		Map<String, Map<String, List<String>>> pipelines = (Map<String, Map<String, List<String>>>) ((Map<String, Object>) config
			.get("service")).get("pipelines");
		assertThat(pipelines).containsOnlyKeys("traces", "logs", "metrics");
		pipelines.forEach((signal, pipeline) -> {
			assertThat(pipeline.get("receivers")).as(signal).containsExactly("otlp");
			assertThat(exporters).as(signal).containsKeys(pipeline.get("exporters").toArray(String[]::new));
			assertThat(((Map<String, Object>) config.get("processors")))
				.containsKeys(pipeline.get("processors").toArray(String[]::new));
		});
		assertThat(pipelines.get("logs").get("exporters")).containsExactly("otlphttp/loki");
		assertThat(pipelines.get("metrics").get("exporters")).containsExactly("otlphttp/prometheus");
		Map<String, Object> compose = yaml(Path.of("compose.yaml"));
		Map<String, Object> services = (Map<String, Object>) compose.get("services");
		assertThat(services).containsKeys("loki", "tempo", "prometheus", "otel-collector", "grafana");
		assertThat(((Map<String, Object>) services.get("prometheus")).get("command").toString())
			.contains("--enable-feature=otlp-write-receiver");
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldLinkTracesLogsAndMetricsInGrafana() throws IOException {
		Map<String, Object> provisioning = yaml(Path.of("grafana", "provisioning", "datasources", "datasources.yaml"));
		Map<String, Map<String, Object>> byUid = new java.util.HashMap<>();
		for (Map<String, Object> source : (List<Map<String, Object>>) provisioning.get("datasources")) {
			byUid.put((String) source.get("uid"), source);
		}
		assertThat(byUid).containsKeys("prometheus", "tempo", "loki");
		Map<String, Object> tempo = (Map<String, Object>) byUid.get("tempo").get("jsonData");
		assertThat(((Map<String, Object>) tempo.get("tracesToLogsV2")).get("datasourceUid")).isEqualTo("loki");
		assertThat(((Map<String, Object>) tempo.get("tracesToMetrics")).get("datasourceUid")).isEqualTo("prometheus");
		Map<String, Object> loki = (Map<String, Object>) byUid.get("loki").get("jsonData");
		assertThat(((List<Map<String, Object>>) loki.get("derivedFields")).get(0).get("datasourceUid")).isEqualTo("tempo");
		Map<String, Object> prometheus = (Map<String, Object>) byUid.get("prometheus").get("jsonData");
		assertThat(((List<Map<String, Object>>) prometheus.get("exemplarTraceIdDestinations")).get(0).get("datasourceUid"))
			.isEqualTo("tempo");
	}

	@Test
	void shouldKeepTheLogsDashboardSound() throws IOException {
		JsonNode dashboard = new ObjectMapper().readTree(Path.of("grafana", "dashboards", "logs", "logs.json").toFile());
		assertThat(dashboard.path("__inputs").toString()).contains("DS_LOKI");
		Set<String> variables = new HashSet<>(dashboard.path("templating").path("list").findValuesAsText("name"));
		assertThat(variables).contains("DS_LOKI", "application", "environment", "requestId", "userId", "traceId");
		Set<Integer> ids = new HashSet<>();
		List<int[]> cells = new ArrayList<>();
		List<String> exprs = new ArrayList<>();
		for (JsonNode panel : dashboard.get("panels")) {
			String title = panel.path("title").asText();
			assertThat(ids.add(panel.get("id").asInt())).as("unique id of %s", title).isTrue();
			assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${DS_LOKI}");
			assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as(title).isNotBlank();
			JsonNode grid = panel.get("gridPos");
			int[] cell = { grid.get("x").asInt(), grid.get("y").asInt(), grid.get("w").asInt(), grid.get("h").asInt() };
			for (int[] other : cells) {
				boolean overlap = cell[0] < other[0] + other[2] && other[0] < cell[0] + cell[2]
						&& cell[1] < other[1] + other[3] && other[1] < cell[1] + cell[3];
				assertThat(overlap).as("%s overlaps another panel", title).isFalse();
			}
			cells.add(cell);
			for (JsonNode target : panel.get("targets")) {
				assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${DS_LOKI}");
				String expr = target.get("expr").asText();
				assertThat(expr).as(title).contains("service_name=~\"$application\"",
						"deployment_environment_name=~\"$environment\"");
				exprs.add(expr);
			}
		}
		for (String expr : exprs) {
			Matcher matcher = VARIABLE.matcher(expr);
			while (matcher.find()) {
				assertThat(variables).as("variable of %s", expr).contains(matcher.group(1));
			}
		}
		assertThat(String.join("\n", exprs)).contains("requestId=\"$requestId\"", "userId=\"$userId\"",
				"trace_id=\"$traceId\"", "severity_text=~\"ERROR");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> yaml(Path path) throws IOException {
		try (Reader reader = Files.newBufferedReader(path)) {
			return (Map<String, Object>) new Yaml().load(reader);
		}
	}

}
