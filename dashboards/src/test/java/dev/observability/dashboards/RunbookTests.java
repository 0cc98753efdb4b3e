package dev.observability.dashboards;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every alert's {@code runbook_url} points at a section of the runbook that exists.
 */
class RunbookTests {

	private static final Path PROMETHEUS = Path.of("prometheus").toAbsolutePath();

	@Test
	void shouldPointEveryAlertAtASectionOfTheRunbook() throws Exception {
		String runbook = Files.readString(Path.of("docs", "runbook.md"));
		Set<String> sections = new HashSet<>();
		Matcher heading = Pattern.compile("^## (.+)$", Pattern.MULTILINE).matcher(runbook);
		while (heading.find()) {
			sections.add(heading.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
		}
		List<String> anchors = new ArrayList<>();
		for (String file : List.of("rules/alerts.yml", "rules/slo.yml")) {
			Matcher url = Pattern.compile("runbook_url: dashboards/docs/runbook.md#([a-z0-9-]+)")
				.matcher(Files.readString(PROMETHEUS.resolve(file)));
			while (url.find()) {
				anchors.add(url.group(1));
			}
		}
		assertThat(anchors).hasSize(14);
		assertThat(sections).containsAll(anchors);
	}

}
