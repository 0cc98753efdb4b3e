package dev.observability.benchmarks.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Reads the tab-separated rows {@code run.sh} wrote (one per repetition, variant and endpoint, with
 * a header line) and prints a Markdown table: per variant and endpoint the median over repetitions
 * of each measure, and how the variant compares with the bare application (B0) and with the one
 * wired by hand (B1) of the same endpoint.
 */
public final class ResultsSummary {

	private static final String BARE = "B0";

	private static final String HANDWIRED = "B1";

	private ResultsSummary() {
	}

	public static void main(String[] args) throws IOException {
		List<String> lines = Files.readAllLines(Path.of(args[0]));
		List<String> header = Arrays.asList(lines.get(0).split("\t"));
		Map<String, List<Row>> groups = new LinkedHashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			if (!line.isBlank()) {
				Row row = new Row(header, line.split("\t"));
				groups.computeIfAbsent(row.text("variant") + "\t" + row.text("endpoint"), (key) -> new ArrayList<>())
					.add(row);
			}
		}
		Map<String, Medians> medians = new LinkedHashMap<>();
		groups.forEach((key, rows) -> medians.put(key, new Medians(rows)));
		System.out.println("| Variant | Endpoint | Reps | req/s | p50 ms | p99 ms | half-load p50 ms | half-load p99 ms "
				+ "| CPU µs/req | B/req | startup ms | RSS MB | errors | req/s vs B0 | p99 vs B0 | B/req vs B0 "
				+ "| req/s vs B1 | p99 vs B1 |");
		System.out.println("| --- | --- |" + " ---: |".repeat(16));
		boolean[] overloaded = { false };
		medians.forEach((key, m) -> {
			String mark = m.keptUpAtHalfLoad() ? "" : " †";
			overloaded[0] |= !mark.isEmpty();
			String endpoint = key.substring(key.indexOf('\t') + 1);
			Medians bare = medians.get(BARE + "\t" + endpoint);
			Medians handwired = medians.get(HANDWIRED + "\t" + endpoint);
			System.out.println(String.join(" | ", "| " + key.replace("\t", " | "), String.valueOf(m.repetitions),
					"%.0f".formatted(m.rps), "%.2f".formatted(m.p50), "%.2f".formatted(m.p99),
					"%.2f".formatted(m.halfP50) + mark, "%.2f".formatted(m.halfP99) + mark, "%.0f".formatted(m.cpu),
					"%,.0f".formatted(m.bytes), "%.0f".formatted(m.startup), "%.0f".formatted(m.rss),
					"%.0f".formatted(m.errors), ratio(m.rps, bare, (b) -> b.rps), ratio(m.p99, bare, (b) -> b.p99),
					(bare != null) ? "%+,.0f".formatted(m.bytes - bare.bytes) : "",
					ratio(m.rps, handwired, (b) -> b.rps), ratio(m.p99, handwired, (b) -> b.p99)) + " |");
		});
		if (overloaded[0]) {
			System.out.println();
			System.out.println("† Served less than 95% of the half-load rate (above the variant's capacity, or stalls "
					+ "that held every connection): requests were never sent, so these latencies understate what "
					+ "callers would see.");
		}
	}

	private static String ratio(double value, Medians base, ToDoubleFunction<Medians> measure) {
		return (base != null && measure.applyAsDouble(base) > 0)
				? "%.2fx".formatted(value / measure.applyAsDouble(base)) : "";
	}

	static double median(List<Row> rows, String column) {
		double[] values = rows.stream().mapToDouble((row) -> row.number(column)).filter(Double::isFinite).sorted().toArray();
		if (values.length == 0) {
			return Double.NaN;
		}
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
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
