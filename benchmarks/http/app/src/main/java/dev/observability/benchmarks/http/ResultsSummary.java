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
import java.util.stream.DoubleStream;

/**
 * Reads the tab-separated rows {@code run.sh} wrote (one per repetition, variant and endpoint, with
 * a header line) and prints two Markdown tables.
 * <p>
 * The first has, per variant and endpoint, the median over repetitions of each measure. The second
 * compares each variant with the bare application (B0), with the applications wired by hand
 * ({@link #handWiredCounterparts}), and with its own {@code @baseline} build when that ran, <em>paired by
 * repetition</em>: the variants of one repetition run one after
 * the other, so a ratio or difference within a repetition cancels most of what drifts between
 * repetitions, and the table gives the median of those with their range.
 */
public final class ResultsSummary {

	static final String BARE = "B0";

	static final String HANDWIRED = "B1";

	private static final String STARTER_PREFIX = "S-";

	private static final String BASELINE_SUFFIX = "@baseline";

	/**
	 * From this many pairs on, the spread shown is the middle half (the quartiles), not the range:
	 * one window disturbed by the JIT or a neighbour says little.
	 */
	private static final int QUARTILES_FROM = 5;

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
	 * The hand-wired applications a starter variant is held against. {@code S-<name>} (with or
	 * without parts switched off, or {@code @baseline}) has its own, {@code B1-<name>}, when that
	 * was measured (B1-logs for S-logs). Otherwise it is held against B1 and against every other
	 * {@code B1-<other>} measured that is not the own counterpart of a starter variant in the run
	 * (B1-access, the hand-wired application with an access line of its own). The baselines
	 * themselves have none.
	 * @param variant the variant
	 * @param measured the variants measured
	 * @return the counterparts, in the order measured
	 */
	static List<String> handWiredCounterparts(String variant, Set<String> measured) {
		String base = base(variant);
		if (!base.startsWith(STARTER_PREFIX)) {
			return List.of();
		}
		String own = HANDWIRED + "-" + base.substring(STARTER_PREFIX.length());
		if (measured.contains(own)) {
			return List.of(own);
		}
		Set<String> starters = new LinkedHashSet<>();
		measured.forEach((name) -> starters.add(base(name)));
		List<String> counterparts = new ArrayList<>();
		for (String name : measured) {
			boolean handWired = name.equals(HANDWIRED) || name.startsWith(HANDWIRED + "-");
			if (handWired && (name.equals(HANDWIRED)
					|| !starters.contains(STARTER_PREFIX + name.substring(HANDWIRED.length() + 1)))) {
				counterparts.add(name);
			}
		}
		return counterparts;
	}

	private static String base(String variant) {
		return variant.split("[/@]", 2)[0];
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
					cell("%.0f", m.rps), cell("%.2f", m.p50), cell("%.2f", m.p99), cell("%.2f", m.halfP50) + mark,
					cell("%.2f", m.halfP99) + mark, cell("%.1f", m.cpu), cell("%,.0f", m.bytes),
					cell("%.0f", m.startup), cell("%.0f", m.rss), cell("%.0f", m.errors)) + " |");
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
			against.addAll(handWiredCounterparts(variant, measured));
			if (measured.contains(variant + BASELINE_SUFFIX)) {
				against.add(variant + BASELINE_SUFFIX);
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
				+ "difference (the rest), with the range over repetitions (from " + QUARTILES_FROM
				+ " pairs on, the middle half: first to third quartile).");
		out.println();
		out.println("| Variant | Endpoint | Against | Pairs | req/s | half-load p99 | CPU µs/req | B/req "
				+ "| startup ms | RSS MB |");
		out.println("| --- | --- | --- |" + " ---: |".repeat(7));
		lines.forEach(out::println);
	}

	/**
	 * A measure, or nothing for one that was not taken (alternate.sh has no half-load run).
	 */
	private static String cell(String format, double value) {
		return Double.isNaN(value) ? "" : format.formatted(value);
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
			double[] sorted = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
			String text = format.formatted(median);
			if (sorted.length < 2) {
				return text;
			}
			if (sorted.length < QUARTILES_FROM) {
				return text + " (" + format.formatted(sorted[0]) + " to " + format.formatted(sorted[sorted.length - 1])
						+ ")";
			}
			return text + " (" + format.formatted(quantile(sorted, 0.25)) + " to "
					+ format.formatted(quantile(sorted, 0.75)) + ")";
		}

	}

	/**
	 * A quantile of sorted values, interpolated between the two nearest.
	 */
	static double quantile(double[] sorted, double q) {
		double position = q * (sorted.length - 1);
		int below = (int) Math.floor(position);
		int above = Math.min(below + 1, sorted.length - 1);
		return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
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
			this.errors = rows.stream()
				.flatMapToDouble((row) -> DoubleStream.of(row.number("errors"), row.number("half_errors")))
				.filter(Double::isFinite)
				.sum();
		}

		boolean keptUpAtHalfLoad() {
			return Double.isNaN(this.halfTarget) || this.halfRps >= 0.95 * this.halfTarget;
		}

	}

}
