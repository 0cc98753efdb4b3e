package dev.observability.autoconfigure.tracing;

import dev.observability.autoconfigure.core.BootLine;
import dev.observability.autoconfigure.core.ObservabilityAutoConfiguration;
import dev.observability.autoconfigure.privacy.PrivacyAutoConfiguration;
import dev.observability.tracing.FlowObservationFilter;
import dev.observability.tracing.Flows;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class FlowsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservabilityAutoConfiguration.class, PrivacyAutoConfiguration.class,
				TracingIntegrationAutoConfiguration.class, FlowsAutoConfiguration.class))
		.withBean(ObservationRegistry.class, FlowsAutoConfigurationTests::observing)
		.withBean(SimpleMeterRegistry.class)
		.withBean(SyncJob.class);

	@Test
	void shouldCountOnTheCurrentFlow() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			context.getBean(SyncJob.class).run(context.getBean(ObservationRegistry.class));
			assertThat(context.getBean(MeterRegistry.class).find("sync.run.items").counter()).isNotNull();
		});
	}

	@Test
	void shouldLetCodeWrittenAgainstFlowsStartWhenTheStarterIsOff() {
		this.runner.withPropertyValues("observability.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			context.getBean(SyncJob.class).run(context.getBean(ObservationRegistry.class));
			assertThat(context.getBean(MeterRegistry.class).find("sync.run.items").counter()).isNull();
		});
	}

	@Test
	void shouldLetCodeWrittenAgainstFlowsStartWhenTracingIsOff() {
		this.runner.withPropertyValues("observability.tracing.enabled=false", BootLine.TRACING_ENABLED + "=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(SyncJob.class).run(context.getBean(ObservationRegistry.class));
				assertThat(context.getBean(MeterRegistry.class).find("sync.run.items").counter()).isNotNull();
			});
	}

	@Test
	void shouldGiveFlowsTheirOutcomeWhenTracesAreNotExported() {
		// The dashboards read flow metrics by outcome, whether traces leave the process or not.
		this.runner.withPropertyValues(BootLine.TRACING_ENABLED + "=false").run((context) -> {
			assertThat(context).doesNotHaveBean(TracingIntegrationAutoConfiguration.class);
			assertThat(context).hasSingleBean(FlowObservationFilter.class);
		});
		this.runner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FlowObservationFilter.class));
	}

	@Test
	void shouldLetCodeWrittenAgainstFlowsStartWithoutOpenTelemetry() {
		this.runner.withClassLoader(new FilteredClassLoader("io.opentelemetry", "io.micrometer.tracing"))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(Flows.class));
	}

	@Test
	void shouldBackOffWhenTheApplicationDefinesItsOwn() {
		Flows own = Flows.noop();
		this.runner.withBean("ownFlows", Flows.class, () -> own)
			.run((context) -> assertThat(context.getBean(Flows.class)).isSameAs(own));
	}

	private static ObservationRegistry observing() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler((context) -> true);
		return registry;
	}

	static class SyncJob {

		private final Flows flows;

		SyncJob(Flows flows) {
			this.flows = flows;
		}

		void run(ObservationRegistry registry) {
			Observation.createNotStarted("sync.run", registry).observe(() -> this.flows.count("items", 3));
		}

	}

}
