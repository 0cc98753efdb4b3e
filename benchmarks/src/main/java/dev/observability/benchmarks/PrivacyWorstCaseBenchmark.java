package dev.observability.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.observability.autoconfigure.privacy.PrivacyProperties;
import dev.observability.privacy.PrivacyPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Masking 16,384 characters of hostile text, each input the repetition of one detector's trigger,
 * against ordinary application text of the same length ({@code ordinary}: log messages with ids,
 * times, an email, a key-value secret and a URL) and prose with nothing to find ({@code prose}).
 * Linear masking shows as every hostile input within a small factor of {@code ordinary}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PrivacyWorstCaseBenchmark {

	private static final int LENGTH = 16_384;

	@Param({ "ordinary", "prose", "jwt-headers", "jwt-near-miss", "at-signs", "local-parts", "digit-groups",
			"card-near-miss", "key-value-pairs", "separators", "sensitive-keys-unquoted", "nested-quotes", "url-schemes",
			"pem-begins", "bearer-words", "basic-words", "vendor-prefixes", "aws-prefixes", "iban-prefixes",
			"percent-encoded", "full-width", "bearer-plus", "doubled-quotes" })
	public String input;

	private final PrivacyPolicy policy = new PrivacyProperties().toPolicy();

	private String text;

	@Setup
	public void setUp() {
		this.text = fill(switch (this.input) {
			case "ordinary" -> "GET /api/orders/4711 200 12ms user=jane.doe@example.com password=hunter2 "
					+ "at 2026-12-02T10:15:30Z from https://shop.example.com/cart?page=2&size=20 trace 4bf92f35 ";
			case "prose" -> "The order was shipped from the warehouse in Berlin and will arrive next week. ";
			case "jwt-headers" -> "eyJ";
			case "jwt-near-miss" -> "eyJhbGciOiJIUzI1NiJ9.eyJ";
			case "at-signs" -> "@";
			case "local-parts" -> "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@";
			case "digit-groups" -> "1 ";
			case "card-near-miss" -> "4111 1111 1111 111x ";
			case "key-value-pairs" -> "a=";
			case "separators" -> ":=";
			case "sensitive-keys-unquoted" -> "password=a , ";
			case "nested-quotes" -> "\"password\":\"\\\"";
			case "url-schemes" -> "a://b:c";
			case "pem-begins" -> "-----BEGIN RSA PRIVATE KEY";
			case "bearer-words" -> "bearer ";
			case "basic-words" -> "Basic ZGVtbzp";
			case "vendor-prefixes" -> "ghp_sk_live_xoxb-";
			case "aws-prefixes" -> "AKIAAKIA ";
			case "iban-prefixes" -> "DE89 ";
			case "percent-encoded" -> "%41%3D";
			case "full-width" -> "ｐａｓｓ";
			case "bearer-plus" -> "Bearer+";
			case "doubled-quotes" -> "token:\"\"";
			default -> throw new IllegalArgumentException(this.input);
		});
	}

	private static String fill(String unit) {
		StringBuilder text = new StringBuilder(LENGTH + unit.length());
		while (text.length() < LENGTH) {
			text.append(unit);
		}
		return text.substring(0, LENGTH);
	}

	@Benchmark
	public String mask() {
		return this.policy.mask(this.text);
	}

}
