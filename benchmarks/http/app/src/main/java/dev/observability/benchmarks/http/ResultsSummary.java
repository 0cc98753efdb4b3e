package dev.observability.benchmarks.http;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Reads the tab-separated rows {@code run.sh} wrote (one per repetition, variant and endpoint, with
 * a header line) and prints two Markdown tables.
 * <p>
 * The first has, per variant and endpoint, the median over repetitions of each measure. The second
 * compares each variant with the bare application (B0) and with the application wired by hand that
 * does the same (B1; B1-logs for S-logs, and so on for any {@code B1-<name>} measured beside
 * {@code S-<name>}), <em>paired by repetition</em>: the variants of one repetition run one after
 * the other, so a ratio or difference within a repetition cancels most of what drifts between
 * repetitions, and the table gives the median of those with their range.
 */
public final class ResultsSummary {

	static final String BARE = "B0";

	static final String HANDWIRED = "B1";

	private static final String STARTER_PREFIX = "S-";

	private ResultsSummary() {
	}

	public static void main(String[] args) throws IOException {
		print(Files.readAllLines(Path.of(args[0])), System.out);
	}

	static void print(List<String> lines, PrintStream out) {
		Map<String, Map<String, Row>> groups = read(lines);
		Map<String, Medians> medians = new LinkedHashMap<>();
		groups.forEach((key, rows) -> medians.put(key, new Medians(new ArrayList<>(rows.values()))));
		printMedians(medians, out);
		printPaired(groups, out);
	}

	/**
	 * The rows by variant and endpoint (tab-separated), then by repetition.
	 */
	static Map<String, Map<String, Row>> read(List<String> lines) {
		List<String> header = Arrays.asList(lines.get(0).split("\t"));
		Map<String, Map<String, Row>> groups = new LinkedHashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			if (!line.isBlank()) {
				Row row = new Row(header, line.split("\t"));
				groups.computeIfAbsent(key(row.text("variant"), row.text("endpoint")), (key) -> new TreeMap<>())
					.put(row.text("rep"), row);
			}
		}
		return groups;
	}

	private static String key(String variant, String endpoint) {
		return variant + "\t" + endpoint;
	}

	/**
	 * The hand-wired application a variant is held against: {@code B1-<name>} for
	 * {@code S-<name>} (with or without parts switched off or {@code @baseline}) when it was
	 * measured, else B1; none for the baselines themselves.
	 * @param variant the variant
	 * @param measured the variants measured
	 * @return the counterpart, or {@code null}
	 */
	static String handWiredCounterpart(String variant, Set<String> measured) {
		String base = variant.split("[/@]", 2)[0];
		if (!base.startsWith(STARTER_PREFIX)) {
			return null;
		}
		String own = HANDWIRED + "-" + base.substring(STARTER_PREFIX.length());
		if (measured.contains(own)) {
			return own;
		}
		return measured.contains(HANDWIRED) ? HANDWIRED : null;
	}

	private static void printMedians(Map<String, Medians> medians, PrintStream out) {
		out.println("| Variant | Endpoint | Reps | req/s | p50 ms | p99 ms | half-load p50 ms | half-load p99 ms "
				+ "| CPU µs/req | B/req | startup ms | RSS MB | errors |");
		out.println("| --- | --- |" + " ---: |".repeat(11));
		boolean overloaded = false;
		for (Map.Entry<String, Medians> entry : medians.entrySet()) {
			Medians m = entry.getValue();
			String mark = m.keptUpAtHalfLoad() ? "" : " †";
			overloaded |= !mark.isEmpty();
			out.println(String.join(" | ", "| " + entry.getKey().replace("\t", " | "), String.valueOf(m.repetitions),
					"%.0f".formatted(m.rps), "%.2f".formatted(m.p50), "%.2f".formatted(m.p99),
					"%.2f".formatted(m.halfP50) + mark, "%.2f".formatted(m.halfP99) + mark, "%.1f".formatted(m.cpu),
					"%,.0f".formatted(m.bytes), "%.0f".formatted(m.startup), "%.0f".formatted(m.rss),
					"%.0f".formatted(m.errors)) + " |");
		}
		if (overloaded) {
			out.println();
			out.println("† Served less than 95% of the half-load rate (above the variant's capacity, or stalls "
					+ "that held every connection): requests were never sent, so these latencies understate what "
					+ "callers would see.");
		}
	}

	private static void printPaired(Map<String, Map<String, Row>> groups, PrintStream out) {
		Set<String> measured = new LinkedHashSet<>();
		groups.keySet().forEach((key) -> measured.add(key.substring(0, key.indexOf('\t'))));
		List<String> lines = new ArrayList<>();
		for (Map.Entry<String, Map<String, Row>> entry : groups.entrySet()) {
			String variant = entry.getKey().substring(0, entry.getKey().indexOf('\t'));
			String endpoint = entry.getKey().substring(entry.getKey().indexOf('\t') + 1);
			List<String> against = new ArrayList<>();
			if (!variant.equals(BARE)) {
				against.add(BARE);
			}
			String counterpart = handWiredCounterpart(variant, measured);
			if (counterpart != null) {
				against.add(counterpart);
			}
			for (String baseline : against) {
				Map<String, Row> base = groups.get(key(baseline, endpoint));
				if (base != null) {
					Paired paired = new Paired(entry.getValue(), base);
					if (paired.pairs > 0) {
						lines.add(paired.line(variant, endpoint, baseline));
					}
				}
			}
		}
		if (lines.isEmpty()) {
			return;
		}
		out.println();
		out.println("Paired by repetition: the median of each repetition's ratio (req/s, half-load p99) or "
				+ "difference (the rest), with the range over repetitions.");
		out.println();
		out.println("| Variant | Endpoint | Against | Pairs | req/s | half-load p99 | CPU µs/req | B/req "
				+ "| startup ms | RSS MB |");
		out.println("| --- | --- | --- |" + " ---: |".repeat(7));
		lines.forEach(out::println);
	}

	static double median(List<Row> rows, String column) {
		return median(rows.stream().mapToDouble((row) -> row.number(column)).toArray());
	}

	static double median(double[] values) {
		double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/**
	 * One line of the raw results, read by column name.
	 */
	record Row(List<String> header, String[] cells) {

		String text(String column) {
			int index = this.header.indexOf(column);
			if (index < 0) {
				throw new IllegalArgumentException("No column " + column + " in " + this.header);
			}
			return (index < this.cells.length) ? this.cells[index] : "";
		}

		double number(String column) {
			String text = text(column);
			return text.isEmpty() ? Double.NaN : Double.parseDouble(text);
		}

	}

	/**
	 * One variant against a baseline, over the repetitions that measured both.
	 */
	static final class Paired {

		final int pairs;

		final double[] rps;

		final double[] halfP99;

		final double[] cpu;

		final double[] bytes;

		final double[] startup;

		final double[] rss;

		Paired(Map<String, Row> variant, Map<String, Row> baseline) {
			List<Row[]> both = new ArrayList<>();
			variant.forEach((rep, row) -> {
				Row base = baseline.get(rep);
				if (base != null) {
					both.add(new Row[] { row, base });
				}
			});
			this.pairs = both.size();
			this.rps = ratios(both, "rps");
			this.halfP99 = ratios(both, "half_p99_ms");
			this.cpu = differences(both, "cpu_us_per_req");
			this.bytes = differences(both, "bytes_per_req");
			this.startup = differences(both, "startup_ms");
			this.rss = differences(both, "rss_mb");
		}

		private static double[] ratios(List<Row[]> both, String column) {
			return both.stream().mapToDouble((pair) -> pair[0].number(column) / pair[1].number(column)).toArray();
		}

		private static double[] differences(List<Row[]> both, String column) {
			return both.stream().mapToDouble((pair) -> pair[0].number(column) - pair[1].number(column)).toArray();
		}

		String line(String variant, String endpoint, String baseline) {
			return String.join(" | ", "| " + variant, endpoint, baseline, String.valueOf(this.pairs),
					summary(this.rps, "%.2fx"), summary(this.halfP99, "%.2fx"), summary(this.cpu, "%+.1f"),
					summary(this.bytes, "%+,.0f"), summary(this.startup, "%+.0f"), summary(this.rss, "%+.0f")) + " |";
		}

		private static String summary(double[] values, String format) {
			double median = median(values);
			if (Double.isNaN(median)) {
				return "";
			}
			double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
			String text = format.formatted(median);
			if (finite.length < 2) {
				return text;
			}
			double min = Arrays.stream(finite).min().getAsDouble();
			double max = Arrays.stream(finite).max().getAsDouble();
			return text + " (" + format.formatted(min) + " to " + format.formatted(max) + ")";
		}

	}

	/**
	 * The medians over repetitions of one variant and endpoint; errors are summed instead.
	 */
	static final class Medians {

		final int repetitions;

		final double rps;

		final double p50;

		final double p99;

		final double halfTarget;

		final double halfRps;

		final double halfP50;

		final double halfP99;

		final double cpu;

		final double bytes;

		final double startup;

		final double rss;

		final double errors;

		Medians(List<Row> rows) {
			this.repetitions = rows.size();
			this.rps = median(rows, "rps");
			this.p50 = median(rows, "p50_ms");
			this.p99 = median(rows, "p99_ms");
			this.halfTarget = median(rows, "half_target_rps");
			this.halfRps = median(rows, "half_rps");
			this.halfP50 = median(rows, "half_p50_ms");
			this.halfP99 = median(rows, "half_p99_ms");
			this.cpu = median(rows, "cpu_us_per_req");
			this.bytes = median(rows, "bytes_per_req");
			this.startup = median(rows, "startup_ms");
			this.rss = median(rows, "rss_mb");
			this.errors = rows.stream().mapToDouble((row) -> row.number("errors") + row.number("half_errors")).sum();
		}

		boolean keptUpAtHalfLoad() {
			return this.halfRps >= 0.95 * this.halfTarget;
		}

	}

}
