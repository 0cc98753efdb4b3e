package dev.observability.autoconfigure.tracing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.observability.core.HookFailures;
import dev.observability.tracing.ErrorTraceSpanProcessor;
import dev.observability.tracing.FlowAwareSampler;
import dev.observability.tracing.SpanDropCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of keeping failed traces: one request-shaped trace (a server span with the attributes
 * Spring Boot's server observation gives it, and three children)
 * at 10% sampling, with Spring Boot's plain parent-based ratio sampler ({@code boot}) and with the
 * starter's sampler and error-keeping processor ({@code starter}), which records the 90% unsampled
 * spans in memory until the request ends. Nothing is exported: the exporter discards.
 * <p>
 * In the starter's package, because the sampler and processor are package-private.
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SamplingBenchmark {

	@Param({ "boot", "starter" })
	public String sampling;

	private SdkTracerProvider provider;

	private Tracer tracer;

	@Setup(Level.Trial)
	public void setUp() {
		if ("boot".equals(this.sampling)) {
			this.provider = SdkTracerProvider.builder()
				.setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(0.1)))
				.build();
		}
		else {
			SpanExporter exporter = new DiscardingSpanExporter();
			List<SpanProcessor> exporting = List.of(BatchSpanProcessor.builder(exporter).build());
			this.provider = SdkTracerProvider.builder()
				.setSampler(new FlowAwareSampler(0.1, true))
				.addSpanProcessor(new ErrorTraceSpanProcessor(() -> exporting, true, Set.of("oauth.exchange"), 2048, 128,
						new SpanDropCounter(null), HookFailures.logOnly()))
				.build();
		}
		this.tracer = this.provider.get("bench");
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.provider.shutdown();
	}

	@Benchmark
	public void requestTrace() {
		Span server = this.tracer.spanBuilder("http get /orders").startSpan();
		try (io.opentelemetry.context.Scope scope = server.makeCurrent()) {
			for (int i = 0; i < 3; i++) {
				this.tracer.spanBuilder("child").startSpan().end();
			}
		}
		// The keys Spring Boot's server observation puts on the span when the request ends.
		server.setAttribute("method", "GET");
		server.setAttribute("uri", "/orders/{id}");
		server.setAttribute("status", "200");
		server.setAttribute("outcome", "SUCCESS");
		server.setAttribute("exception", "none");
		server.setAttribute("error", "none");
		server.setAttribute("http.url", "/orders/7");
		server.end();
	}

}
