package dev.observability.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.observability.autoconfigure.logging.ObservabilityJsonFormatter;
import dev.observability.autoconfigure.privacy.PrivacyProperties;
import dev.observability.core.ServiceInfo;
import dev.observability.logging.LogPolicy;
import dev.observability.privacy.PrivacyPolicy;
import net.logstash.logback.encoder.LogstashEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * One access line encoded to JSON bytes: by a bare {@link LogstashEncoder} (what a user would wire
 * by hand), and by the starter's formatter with privacy off, on with a clean line, and on with a
 * secret in the message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogLineBenchmark {

	private static final Map<String, String> MDC = Map.of("requestId", "9f86d081884c7d659a2feaa0c55ad015", "traceId",
			"4bf92f3577b34da6a3ce929d0e0e4736", "spanId", "00f067aa0ba902b7", "userId", "d115aeba0f26a373");

	private LogstashEncoder bare;

	private ObservabilityJsonFormatter unmasked;

	private ObservabilityJsonFormatter masked;

	private LoggingEvent clean;

	private LoggingEvent secret;

	@Setup
	public void setUp() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		this.bare = new LogstashEncoder();
		this.bare.setContext(context);
		this.bare.start();
		ServiceInfo service = new ServiceInfo("orders", "1.4.2", "production");
		PrivacyProperties off = new PrivacyProperties();
		off.setEnabled(false);
		this.unmasked = new ObservabilityJsonFormatter(service, LogPolicy.of(off.toPolicy()), 8192);
		this.masked = new ObservabilityJsonFormatter(service, LogPolicy.of(new PrivacyProperties().toPolicy()), 8192);
		Logger logger = context.getLogger("dev.observability.access");
		this.clean = accessLine(logger, "GET /api/orders/{id} 200 12ms");
		this.secret = accessLine(logger, "GET /api/orders/{id} 200 12ms for jane.doe@example.com token=abc123");
	}

	private static LoggingEvent accessLine(Logger logger, String message) {
		LoggingEvent event = new LoggingEvent("bench", logger, Level.INFO, message, null, null);
		event.setMDCPropertyMap(MDC);
		event.addKeyValuePair(new KeyValuePair("method", "GET"));
		event.addKeyValuePair(new KeyValuePair("path", "/api/orders/{id}"));
		event.addKeyValuePair(new KeyValuePair("status", 200));
		event.addKeyValuePair(new KeyValuePair("duration_ms", 12L));
		event.addKeyValuePair(new KeyValuePair("bytes", 512L));
		event.prepareForDeferredProcessing();
		return event;
	}

	@Benchmark
	public byte[] bareLogstashEncoder() {
		return this.bare.encode(this.clean);
	}

	@Benchmark
	public byte[] starterPrivacyOff() {
		return this.unmasked.formatAsBytes(this.clean, java.nio.charset.StandardCharsets.UTF_8);
	}

	@Benchmark
	public byte[] starterMaskedCleanLine() {
		return this.masked.formatAsBytes(this.clean, java.nio.charset.StandardCharsets.UTF_8);
	}

	@Benchmark
	public byte[] starterMaskedLineWithSecret() {
		return this.masked.formatAsBytes(this.secret, java.nio.charset.StandardCharsets.UTF_8);
	}

}
