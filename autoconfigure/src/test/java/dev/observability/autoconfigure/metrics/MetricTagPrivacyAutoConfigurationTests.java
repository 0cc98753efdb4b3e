package dev.observability.autoconfigure.metrics;

import dev.observability.autoconfigure.TestLine;
import dev.observability.autoconfigure.privacy.PrivacyAutoConfiguration;
import dev.observability.metrics.MetricTagMaskingFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class MetricTagPrivacyAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PrivacyAutoConfiguration.class, TestLine.METRICS_AUTO_CONFIGURATION,
				MetricTagPrivacyAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void shouldMaskTagsOfAnyRegistryWithTheApplicationsPolicy() {
		this.runner.withPropertyValues("observability.privacy.sensitive-keys=tenant").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			registry.counter("jobs", "tenant", "acme", "note", "token=abc123").increment();
			assertThat(registry.get("jobs").counter().getId().getTags()).extracting("value")
				.containsExactly("[Filtered]", "[Filtered]");
		});
	}

	@Test
	void shouldMaskNothingWhenPrivacyIsOff() {
		this.runner.withPropertyValues("observability.privacy.enabled=false").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			registry.counter("jobs", "note", "token=abc123").increment();
			assertThat(registry.get("jobs").tag("note", "token=abc123").counter().count()).isEqualTo(1);
		});
	}

	@Test
	void shouldTurnOffWithTheStarterOrWithoutMicrometer() {
		this.runner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MetricTagMaskingFilter.class));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MetricTagPrivacyAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MetricTagMaskingFilter.class));
	}

}
