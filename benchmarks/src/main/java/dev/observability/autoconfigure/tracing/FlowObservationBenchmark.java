package dev.observability.autoconfigure.tracing;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.observability.core.HookFailures;
import dev.observability.tracing.ErrorTraceSpanProcessor;
import dev.observability.tracing.FlowAwareSampler;
import dev.observability.tracing.FlowObservationFilter;
import dev.observability.tracing.FlowSpanNameHandler;
import dev.observability.tracing.SpanDropCounter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One flow observation ({@code sync.run} with a {@code source} key) through Micrometer with a timer
 * and an OpenTelemetry span, at 0%, 10% and 100% sampling: as Spring Boot sets it up
 * ({@code boot}), and with the starter's sampler, error keeping, flow filter and span naming
 * ({@code starter}). Sampled spans go to a discarding exporter.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FlowObservationBenchmark {

	@Param({ "0.0", "0.1", "1.0" })
	public double probability;

	@Param({ "boot", "starter" })
	public String setup;

	private SdkTracerProvider provider;

	private ObservationRegistry registry;

	@Setup(Level.Trial)
	public void setUp() {
		SpanExporter discard = new DiscardingSpanExporter();
		List<SpanProcessor> exporting = List.of(SimpleSpanProcessor.create(discard));
		boolean starter = "starter".equals(this.setup);
		this.provider = starter ? SdkTracerProvider.builder()
			.setSampler(new FlowAwareSampler(this.probability, true))
			.addSpanProcessor(SimpleSpanProcessor.create(discard))
			.addSpanProcessor(new ErrorTraceSpanProcessor(() -> exporting, true, Set.of("oauth.exchange"), 2048, 128,
					new SpanDropCounter(null), HookFailures.logOnly()))
			.build()
				: SdkTracerProvider.builder()
					.setSampler(io.opentelemetry.sdk.trace.samplers.Sampler
						.parentBased(io.opentelemetry.sdk.trace.samplers.Sampler.traceIdRatioBased(this.probability)))
					.addSpanProcessor(SimpleSpanProcessor.create(discard))
					.build();
		OpenTelemetry openTelemetry = OpenTelemetrySdk.builder()
			.setTracerProvider(this.provider)
			.setPropagators(ContextPropagators.noop())
			.build();
		OtelCurrentTraceContext context = new OtelCurrentTraceContext();
		OtelTracer tracer = new OtelTracer(openTelemetry.getTracer("bench"), context, (event) -> {
		}, new OtelBaggageManager(context, java.util.List.of(), java.util.List.of()));
		this.registry = ObservationRegistry.create();
		this.registry.observationConfig()
			.observationHandler(new DefaultMeterObservationHandler(new SimpleMeterRegistry()))
			.observationHandler(new DefaultTracingObservationHandler(tracer));
		if (starter) {
			this.registry.observationConfig()
				.observationHandler(new FlowSpanNameHandler(Set.of("sync.run"), HookFailures.logOnly()))
				.observationFilter(new FlowObservationFilter(Set.of("sync.run"), HookFailures.logOnly()));
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.provider.shutdown();
	}

	@Benchmark
	public void syncRun() {
		Observation.createNotStarted("sync.run", this.registry).lowCardinalityKeyValue("source", "crm").observe(() -> {
		});
	}

}
