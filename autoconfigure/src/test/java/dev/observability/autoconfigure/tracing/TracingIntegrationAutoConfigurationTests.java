package dev.observability.autoconfigure.tracing;

import java.util.List;
import java.util.Set;

import dev.observability.autoconfigure.core.BootLine;
import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.autoconfigure.privacy.PrivacyAutoConfiguration;
import dev.observability.core.HookFailures;
import dev.observability.tracing.ConsoleSpanExporter;
import dev.observability.tracing.ErrorTraceSpanProcessor;
import dev.observability.tracing.FlowAwareSampler;
import dev.observability.tracing.SpanDataSanitizer;
import dev.observability.tracing.SpanDropCounter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class TracingIntegrationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(PrivacyAutoConfiguration.class, TracingIntegrationAutoConfiguration.class));

	@Test
	void shouldShapeTracingByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(FlowAwareSampler.class);
			assertThat(context).hasSingleBean(ErrorTraceSpanProcessor.class);
			assertThat(context).hasSingleBean(SpanDataSanitizer.class);
			assertThat(context).doesNotHaveBean(ConsoleSpanExporter.class);
			assertThat(context.getBean("tracingFeature", ObservabilityFeature.class).status())
				.isEqualTo("on (sampling 10%, always [oauth.exchange], failed traces kept, export off "
						+ "(no " + BootLine.OTLP_TRACING + "endpoint))");
		});
	}

	@Test
	void shouldNameTheExportEndpointWithoutCredentials() {
		this.runner
			.withPropertyValues(BootLine.OTLP_TRACING + "endpoint=https://user:pw@otel.example:4318/v1/traces?key=k",
					"management.tracing.sampling.probability=0.25", "observability.tracing.console-exporter=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(ConsoleSpanExporter.class);
				assertThat(context.getBean("tracingFeature", ObservabilityFeature.class).status())
					.contains("sampling 25%", "export OTLP http to https://otel.example:4318/v1/traces", "console")
					.doesNotContain("pw", "key=k");
			});
	}

	@Test
	void shouldBackOffWhenTheApplicationKeepsFailedTracesItsOwnWay() {
		ErrorTraceSpanProcessor own = new ErrorTraceSpanProcessor(List::of, false, Set.of(), 1, 1,
				new SpanDropCounter(null), HookFailures.logOnly());
		this.runner.withBean("ownErrorTraces", ErrorTraceSpanProcessor.class, () -> own)
			.run((context) -> assertThat(context.getBean(ErrorTraceSpanProcessor.class)).isSameAs(own));
	}

	@Test
	void shouldSampleWithSpringBootsProbability() {
		this.runner.withPropertyValues("management.tracing.sampling.probability=0.5")
			.run((context) -> assertThat(context.getBean(Sampler.class).getDescription()).contains("0.5"));
	}

	@Test
	void shouldBackOffWhenTheApplicationDefinesItsOwnSampler() {
		this.runner.withBean(Sampler.class, Sampler::alwaysOn)
			.run((context) -> assertThat(context).doesNotHaveBean(FlowAwareSampler.class));
	}

	@Test
	void shouldLeaveAnOpenTelemetryMeterProviderOfTheApplicationInPlace() {
		this.runner.run((context) -> {
			MeterProvider drops = context.getBean(MeterProvider.class);
			assertThat(drops).isNotInstanceOf(SdkMeterProvider.class);
			assertThat(drops.get("io.opentelemetry.sdk.trace").counterBuilder("processedSpans").build())
				.isNotSameAs(MeterProvider.noop().get("noop").counterBuilder("processedSpans").build());
		});
		MeterProvider own = MeterProvider.noop();
		this.runner.withBean(MeterProvider.class, () -> own)
			.run((context) -> assertThat(context).getBean(MeterProvider.class).isSameAs(own));
	}

	@Test
	void shouldTurnOffWithItsSwitchOrWhenTracingIsOff() {
		this.runner.withPropertyValues("observability.tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FlowAwareSampler.class));
		this.runner.withPropertyValues(BootLine.TRACING_ENABLED + "=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FlowAwareSampler.class));
	}

	@Test
	void shouldBackOffWithoutTheOpenTelemetryBridge() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.tracing.otel"))
			.run((context) -> assertThat(context).doesNotHaveBean(FlowAwareSampler.class));
	}

	@Test
	void shouldFailStartupNamingAnInvalidExcludedPath() {
		this.runner.withPropertyValues("observability.tracing.exclude-paths=health")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("observability.tracing.exclude-paths[0]"));
	}

}
