package dev.observability.dashboards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Grafana dashboards on the Prometheus data source, as the checks read them: the top-level files
 * of {@code grafana/dashboards} (the logs dashboard, on Loki, lives in a folder of its own).
 */
final class Dashboards {

	static final Path DIRECTORY = Path.of("grafana", "dashboards");

	private static final ObjectMapper json = new ObjectMapper();

	private Dashboards() {
	}

	static List<Path> files() throws IOException {
		try (Stream<Path> files = Files.list(DIRECTORY)) {
			return files.filter((file) -> file.toString().endsWith(".json")).sorted().toList();
		}
	}

	static JsonNode read(Path file) throws IOException {
		return json.readTree(file.toFile());
	}

	/**
	 * Every panel that shows data, the ones inside collapsed rows included; rows themselves are left out.
	 */
	static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			if (isRow(panel)) {
				panel.path("panels").forEach(panels::add);
			}
			else {
				panels.add(panel);
			}
		}
		return panels;
	}

	static boolean isRow(JsonNode panel) {
		return "row".equals(panel.path("type").asText());
	}

	/**
	 * The dashboard's variables, by kind: {@code query}, {@code datasource}, {@code textbox}...
	 */
	static List<JsonNode> variables(JsonNode dashboard) {
		List<JsonNode> variables = new ArrayList<>();
		dashboard.path("templating").path("list").forEach(variables::add);
		return variables;
	}

	/**
	 * A query as Prometheus would receive it with every variable set to "All" and a one-minute rate window.
	 */
	static String substitute(String expr) {
		return expr.replaceAll("\\$\\{?(application|environment|instance|pool|client|executor|release)\\b\\}?", ".*")
			.replace("$__rate_interval", "1m")
			.replace("$__range", "1h");
	}

}
