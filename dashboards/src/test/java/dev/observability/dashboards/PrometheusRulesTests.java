package dev.observability.dashboards;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert, SLO and uptime rules and the scrape config, checked by Debian's {@code promtool}
 * (package {@code prometheus}): syntax, and unit tests that fire and do not fire every alert.
 * Without {@code promtool} the tests are aborted with the {@code apt-get} line, never passed.
 */
class PrometheusRulesTests {

	private static final File PROMTOOL = new File("/usr/bin/promtool");

	private static final Path PROMETHEUS = Path.of("prometheus").toAbsolutePath();

	@BeforeAll
	static void requirePromtool() {
		Assumptions.assumeTrue(PROMTOOL.canExecute(),
				"promtool is missing: run 'apt-get install prometheus' to check the rules");
	}

	@Test
	void shouldHaveValidRules() throws Exception {
		assertThat(promtool("check", "rules", "rules/alerts.yml", "rules/slo.yml", "rules/uptime.yml"))
			.contains("SUCCESS: 10 rules found", "SUCCESS: 20 rules found", "SUCCESS: 4 rules found");
	}

	@Test
	void shouldFireAndStayQuietAsTheUnitTestsSay() throws Exception {
		assertThat(promtool("test", "rules", "tests/alerts.test.yml", "tests/slo.test.yml", "tests/uptime.test.yml"))
			.doesNotContain("FAILED");
	}

	@Test
	void shouldHaveAValidScrapeConfig() throws Exception {
		assertThat(promtool("check", "config", "prometheus.yml")).contains("is valid prometheus config file syntax");
	}

	private static String promtool(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(PROMTOOL.getPath()));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
