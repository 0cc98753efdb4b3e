package dev.observability.autoconfigure.tracing;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.observability.autoconfigure.core.BootLine;
import dev.observability.autoconfigure.core.DropMeter;
import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.autoconfigure.privacy.PrivacyAutoConfiguration;
import dev.observability.core.HookFailures;
import dev.observability.core.PathPatterns;
import dev.observability.core.QueueDrops;
import dev.observability.privacy.PrivacyPolicy;
import dev.observability.tracing.ConsoleSpanExporter;
import dev.observability.tracing.ErrorTraceSpanProcessor;
import dev.observability.tracing.ExcludedPathsObservationPredicate;
import dev.observability.tracing.FlowAwareSampler;
import dev.observability.tracing.FlowSpanNameHandler;
import dev.observability.tracing.SpanDataSanitizer;
import dev.observability.tracing.SpanDropCounter;
import dev.observability.tracing.TraceHeadersCorsPostProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * Shapes Spring Boot's tracing (Micrometer Tracing with the OpenTelemetry bridge and the OTLP
 * exporter) for production:
 * <ul>
 * <li>sampling: Boot's parent-based ratio ({@code management.tracing.sampling.probability}), with
 * always-sampled flows, and failed traces kept even when the ratio dropped them
 * ({@link ErrorTraceSpanProcessor});</li>
 * <li>no spans for excluded paths (actuator, probes, static assets);</li>
 * <li>every exported span masked by the privacy policy (attributes, events such as a recorded
 * exception, status description, links), its attributes truncated and capped;</li>
 * <li>flows are named as spans by their observation ({@link FlowSpanNameHandler}); their
 * {@code outcome} and ids come from {@link FlowsAutoConfiguration}, with or without tracing;</li>
 * <li>dropped spans counted (failed exports, a full export queue, a full error buffer); an
 * optional console exporter for development.</li>
 * </ul>
 * Active when the OpenTelemetry bridge and Spring Boot's OpenTelemetry tracing are on the
 * classpath, tracing is enabled ({@code management.tracing.enabled} on Boot 3.5,
 * {@code management.tracing.export.enabled} on Boot 4: {@link BootLine#TRACING_ENABLED}) and
 * {@code observability.tracing.enabled} is not false.
 * Ordered before Boot's tracing auto-configuration so that its sampler backs off in favour of
 * this one. Boot's own exporter list and batch processor are kept: the masking wraps the exporters
 * of that list, and kept traces go to that processor. The sampler, the error-trace processor, the
 * sanitizer, the flow conventions and the console exporter back off when the application defines
 * its own; the masking of exporters does not, so that no span leaves unmasked by accident.
 */
@AutoConfiguration(after = PrivacyAutoConfiguration.class,
		beforeName = BootLine.OPENTELEMETRY_TRACING_AUTO_CONFIGURATION)
@ConditionalOnBooleanProperty(name = "observability.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "observability.tracing.enabled", matchIfMissing = true)
@ConditionalOnClass(value = { OtelTracer.class, SdkTracerProvider.class, ObservationRegistry.class, MeterRegistry.class },
		name = BootLine.OPENTELEMETRY_TRACING_AUTO_CONFIGURATION)
@ConditionalOnBooleanProperty(name = BootLine.TRACING_ENABLED, matchIfMissing = true)
@EnableConfigurationProperties(TracingIntegrationProperties.class)
public class TracingIntegrationAutoConfiguration {

	@Bean
	SpanDropCounter observabilitySpanDropCounter(ObjectProvider<MeterRegistry> registry) {
		return new SpanDropCounter(registry);
	}

	@Bean
	DropMeter spanDropMeter() {
		return new DropMeter(SpanDropCounter.METER_NAME);
	}

	/**
	 * A meter provider of OpenTelemetry's metrics API, handed by Spring Boot to its batch span
	 * processor, through which the spans it drops when its queue is full are counted. An
	 * application with an OpenTelemetry meter provider of its own keeps it.
	 */
	@Bean
	@ConditionalOnMissingBean(MeterProvider.class)
	MeterProvider spanQueueDropMeterProvider(SpanDropCounter drops) {
		return QueueDrops.meterProvider(QueueDrops.Signal.SPANS, drops);
	}

	@Bean
	@ConditionalOnMissingBean
	Sampler otelSampler(TracingIntegrationProperties properties, Environment environment) {
		return new FlowAwareSampler(BootTracingProperties.samplingProbability(environment),
				properties.getKeepErrors().isEnabled() || !properties.getAlwaysSample().isEmpty());
	}

	/**
	 * Keeps failed traces. A span processor bean, which Spring Boot adds to its tracer provider
	 * with the others and flushes and shuts down with it; it hands kept traces to Boot's own
	 * exporting processors rather than exporting past them.
	 */
	@Bean
	@ConditionalOnMissingBean
	ErrorTraceSpanProcessor errorTraceSpanProcessor(TracingIntegrationProperties properties,
			ObjectProvider<SpanProcessor> processors, SpanDropCounter drops, ObjectProvider<HookFailures> failures) {
		// Asked for when the first trace is kept: by then every processor bean exists.
		Supplier<List<SpanProcessor>> exporting = SingletonSupplier.of(() -> processors.orderedStream()
			.filter((processor) -> processor instanceof BatchSpanProcessor || processor instanceof SimpleSpanProcessor)
			.toList());
		return new ErrorTraceSpanProcessor(exporting, properties.getKeepErrors().isEnabled(),
				Set.copyOf(properties.getAlwaysSample()), properties.getKeepErrors().getMaxTraces(),
				properties.getKeepErrors().getMaxSpansPerTrace(), drops,
				failures.getIfAvailable(HookFailures::logOnly));
	}

	@Bean
	@ConditionalOnMissingBean
	SpanDataSanitizer spanDataSanitizer(PrivacyPolicy policy, TracingIntegrationProperties properties) {
		return new SpanDataSanitizer(policy, properties.getMaxAttributeLength(), properties.getMaxAttributes());
	}

	/**
	 * Masks every span at the export boundary: each exporter of Spring Boot's list, which its batch
	 * processor and {@link ErrorTraceSpanProcessor} send to, sees only masked spans.
	 */
	@Bean
	static SpanExportersSanitizingPostProcessor spanExportersSanitizingPostProcessor(
			ObjectProvider<SpanDataSanitizer> sanitizer, ObjectProvider<HookFailures> failures,
			ObjectProvider<SpanDropCounter> drops) {
		return new SpanExportersSanitizingPostProcessor(sanitizer, failures, drops);
	}

	@Bean
	@ConditionalOnMissingBean
	FlowSpanNameHandler flowSpanNameHandler(TracingIntegrationProperties properties,
			ObjectProvider<HookFailures> failures) {
		Set<String> names = new HashSet<>(properties.getFlows());
		names.addAll(properties.getAlwaysSample());
		return new FlowSpanNameHandler(Set.copyOf(names), failures.getIfAvailable(HookFailures::logOnly));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "observability.tracing.console-exporter")
	ConsoleSpanExporter consoleSpanExporter() {
		return new ConsoleSpanExporter();
	}

	@Bean
	ObservabilityFeature tracingFeature(TracingIntegrationProperties properties, Environment environment) {
		String endpoint = environment.getProperty(BootLine.OTLP_TRACING + "endpoint");
		String export = StringUtils.hasText(endpoint) ? "export OTLP "
				+ environment.getProperty(BootLine.OTLP_TRACING + "transport", "http") + " to "
				+ ObservabilityFeature.endpoint(endpoint) : "export off (no " + BootLine.OTLP_TRACING + "endpoint)";
		String console = properties.isConsoleExporter() ? ", console" : "";
		String errors = properties.getKeepErrors().isEnabled() ? ", failed traces kept" : "";
		return new ObservabilityFeature("tracing", "on (sampling %s%%, always %s%s, %s%s)".formatted(
				trim(BootTracingProperties.samplingProbability(environment) * 100), properties.getAlwaysSample(), errors,
				export, console));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(ServerRequestObservationContext.class)
	static class ServletExclusionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ExcludedPathsObservationPredicate excludedPathsObservationPredicate(TracingIntegrationProperties properties,
				ObjectProvider<HookFailures> failures) {
			return new ExcludedPathsObservationPredicate(PathPatterns.of(properties.getExcludePaths()),
					failures.getIfAvailable(HookFailures::logOnly));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(AbstractHandlerMapping.class)
	@ConditionalOnBooleanProperty(name = "observability.tracing.cors-trace-headers")
	static class TraceHeadersCorsConfiguration {

		@Bean
		static TraceHeadersCorsPostProcessor traceHeadersCorsPostProcessor() {
			return new TraceHeadersCorsPostProcessor();
		}

	}

	private static String trim(double percent) {
		return (percent == Math.rint(percent)) ? String.valueOf((long) percent) : String.valueOf(percent);
	}

}
