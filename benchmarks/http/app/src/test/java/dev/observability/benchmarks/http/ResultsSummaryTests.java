package dev.observability.benchmarks.http;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultsSummaryTests {

	private static final String HEADER = String.join("\t", "rep", "variant", "endpoint", "rps", "p50_ms", "p99_ms",
			"half_target_rps", "half_rps", "half_p50_ms", "half_p99_ms", "cpu_us_per_req", "bytes_per_req", "errors",
			"half_errors", "jit_ms", "warmup_rounds", "startup_ms", "spring_started_s", "rss_mb");

	@Test
	void starterVariantIsHeldAgainstItsOwnHandWiredCounterpartWhenMeasured() {
		Set<String> measured = new LinkedHashSet<>(List.of("B0", "B1", "B1-logs", "S-10", "S-logs", "S-logs/gzip"));
		assertThat(ResultsSummary.handWiredCounterparts("S-logs", measured)).containsExactly("B1-logs");
		assertThat(ResultsSummary.handWiredCounterparts("S-logs/gzip", measured)).containsExactly("B1-logs");
		assertThat(ResultsSummary.handWiredCounterparts("S-logs@baseline", measured)).containsExactly("B1-logs");
		assertThat(ResultsSummary.handWiredCounterparts("S-10", measured)).containsExactly("B1");
		assertThat(ResultsSummary.handWiredCounterparts("S-10/access-log", measured)).containsExactly("B1");
	}

	@Test
	void starterVariantWithoutOwnCounterpartIsHeldAgainstEveryOtherHandWiredOne() {
		Set<String> measured = new LinkedHashSet<>(List.of("B1", "B1-access", "S-10", "S-10/access-log"));
		assertThat(ResultsSummary.handWiredCounterparts("S-10", measured)).containsExactly("B1", "B1-access");
		assertThat(ResultsSummary.handWiredCounterparts("S-10/access-log", measured)).containsExactly("B1",
				"B1-access");
		assertThat(ResultsSummary.handWiredCounterparts("S-10", Set.of("B1-access", "S-10")))
			.containsExactly("B1-access");
	}

	@Test
	void baselinesAndUnmatchedVariantsHaveNoHandWiredCounterpart() {
		assertThat(ResultsSummary.handWiredCounterparts("B1", Set.of("B0", "B1"))).isEmpty();
		assertThat(ResultsSummary.handWiredCounterparts("B1-logs", Set.of("B1", "B1-logs"))).isEmpty();
		assertThat(ResultsSummary.handWiredCounterparts("S-logs", Set.of("B0", "S-logs"))).isEmpty();
	}

	@Test
	void comparesWithinEachRepetitionAndGivesTheMedianAndRange() {
		// Repetition 2 ran on a slower machine for both: within it, the ratio is what it was in the others.
		List<String> lines = List.of(HEADER, row(1, "B1", 1000, 50, 2.0, 5000, 300, 270),
				row(1, "S-10", 900, 55, 2.2, 5100, 500, 280), row(2, "B1", 500, 100, 4.0, 5000, 350, 270),
				row(2, "S-10", 450, 111, 4.4, 5300, 650, 290), row(3, "B1", 1000, 50, 2.0, 5000, 310, 272),
				row(3, "S-10", 950, 52, 2.1, 5200, 400, 284));
		String output = summary(lines);
		assertThat(output).contains(
				"| S-10 | /hello | B1 | 3 | 0.90x (0.90x to 0.95x) | 1.10x (1.05x to 1.10x) | +5.0 (+2.0 to +11.0) "
						+ "| +200 (+100 to +300) | +200 (+90 to +300) | +12 (+10 to +20) |");
		assertThat(output).doesNotContain("| B1 | /hello | B1 |");
	}

	@Test
	void pairsOnlyTheRepetitionsThatMeasuredBoth() {
		List<String> lines = List.of(HEADER, row(1, "B1-logs", 1000, 50, 2.0, 5000, 300, 270),
				row(1, "S-logs", 800, 60, 3.0, 6000, 400, 290), row(2, "S-logs", 100, 600, 30.0, 9000, 900, 400));
		assertThat(summary(lines)).contains("| S-logs | /hello | B1-logs | 1 | 0.80x | 1.50x | +10.0 | +1,000 | +100 | +20 |");
	}

	@Test
	void fromFivePairsOnTheSpreadIsTheMiddleHalf() {
		List<String> lines = new ArrayList<>(List.of(HEADER));
		double[] cpu = { 40, 50, 52, 54, 56, 99 };
		for (int rep = 1; rep <= cpu.length; rep++) {
			lines.add(row(rep, "B1", 1000, 50, 2.0, 5000, 300, 270));
			lines.add(row(rep, "S-10", 1000, cpu[rep - 1], 2.0, 5000, 300, 270));
		}
		assertThat(summary(lines)).contains("| S-10 | /hello | B1 | 6 | 1.00x (1.00x to 1.00x) | 1.00x (1.00x to 1.00x) "
				+ "| +3.0 (+0.5 to +5.5) |");
	}

	@Test
	void changeIsHeldAgainstItsBaselineBuild() {
		List<String> lines = List.of(HEADER, row(1, "S-10@baseline", 1000, 50, 2.0, 5000, 300, 270),
				row(1, "S-10", 1100, 45, 2.0, 5000, 300, 270));
		assertThat(summary(lines)).contains("| S-10 | /hello | S-10@baseline | 1 | 1.10x | 1.00x | -5.0 | +0 | +0 | +0 |");
	}

	@Test
	void measuresThatWereNotTakenStayEmpty() {
		String alternating = String.join("\t", "1", "B1", "/hello", "12000", "0.8", "9.5", "", "", "", "", "70.5", "",
				"0", "", "12", "", "", "", "");
		String output = summary(List.of(HEADER, alternating));
		assertThat(output).contains("| B1 | /hello | 1 | 12000 | 0.80 | 9.50 |  |  | 70.5 |  |  |  | 0 |")
			.doesNotContain("NaN")
			.doesNotContain("†");
	}

	@Test
	void mediansTableKeepsOneRowPerVariantAndEndpoint() {
		List<String> lines = List.of(HEADER, row(1, "B1", 1000, 50, 2.0, 5000, 300, 270),
				row(2, "B1", 3000, 30, 2.0, 7000, 500, 290));
		assertThat(summary(lines)).contains("| B1 | /hello | 2 | 2000 |").doesNotContain("Paired by repetition");
	}

	private static String summary(List<String> lines) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		ResultsSummary.print(new ArrayList<>(lines), new PrintStream(bytes, true, StandardCharsets.UTF_8));
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private static String row(int rep, String variant, double rps, double cpu, double halfP99, double bytes,
			double startup, double rss) {
		return String.join("\t", String.valueOf(rep), variant, "/hello", String.valueOf(rps), "1.0", "3.0",
				String.valueOf(rps / 2), String.valueOf(rps / 2), "0.5", String.valueOf(halfP99), String.valueOf(cpu),
				String.valueOf(bytes), "0", "0", "10", "3", String.valueOf(startup), "2.5", String.valueOf(rss));
	}

}
