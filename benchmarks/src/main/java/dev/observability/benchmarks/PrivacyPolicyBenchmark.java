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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The privacy policy alone: a key check, and a typical 100-character message with and without a
 * secret in it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PrivacyPolicyBenchmark {

	private final PrivacyPolicy policy = new PrivacyProperties().toPolicy();

	private final String clean = "Order 4711 for customer 93 shipped from warehouse Berlin-2 at 10:15:30, 3 items, status ok";

	private final String withSecret = "Order 4711 for customer jane.doe@example.com shipped, callback token=abc123 status ok";

	@Benchmark
	public boolean sensitiveKeyCheck() {
		return this.policy.isSensitiveKey("X-Forwarded-For");
	}

	@Benchmark
	public String maskCleanMessage() {
		return this.policy.mask(this.clean);
	}

	@Benchmark
	public String maskMessageWithSecret() {
		return this.policy.mask(this.withSecret);
	}

}
