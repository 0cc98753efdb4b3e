package dev.observability.dashboards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every alert's {@code runbook_url}, in every rule file of {@code prometheus/rules/}, points at a
 * section of the runbook that exists.
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
		for (Path file : ruleFiles()) {
			Matcher url = Pattern.compile("runbook_url: dashboards/docs/runbook.md#([a-z0-9-]+)")
				.matcher(Files.readString(file));
			while (url.find()) {
				anchors.add(url.group(1));
			}
		}
		assertThat(anchors).hasSize(18);
		assertThat(sections).containsAll(anchors);
	}

	private static List<Path> ruleFiles() throws IOException {
		try (Stream<Path> files = Files.list(PROMETHEUS.resolve("rules"))) {
			return files.filter((file) -> file.toString().endsWith(".yml")).sorted().toList();
		}
	}

}
