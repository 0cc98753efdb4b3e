package dev.observability.autoconfigure.core;

import dev.observability.autoconfigure.logging.SynchronousConsole;
import dev.observability.core.ServiceInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({ OutputCaptureExtension.class, SynchronousConsole.class })
class ObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservabilityAutoConfiguration.class));

	@Test
	void shouldLogOneSummaryLineNamingEveryFeature(CapturedOutput output) {
		this.runner
			.withPropertyValues("spring.application.name=orders", "spring.application.version=1.2.3",
					"observability.environment=staging")
			.withBean("a", ObservabilityFeature.class, () -> new ObservabilityFeature("alpha", "on"))
			.withBean("b", ObservabilityFeature.class, () -> new ObservabilityFeature("beta", "off (no endpoint)"))
			.run((context) -> {
				assertThat(context).hasSingleBean(ObservabilityStartupSummary.class);
				assertThat(output).containsOnlyOnce("Observability for orders@1.2.3 (environment staging):")
					.contains("alpha=on", "beta=off (no endpoint)");
			});
	}

	@Test
	void shouldTakeTheEnvironmentFromTheFirstActiveProfile() {
		this.runner.withPropertyValues("spring.profiles.active=prod,eu")
			.run((context) -> assertThat(context.getBean(ServiceInfo.class).environment()).isEqualTo("prod"));
	}

	@Test
	void shouldFallBackToDefaultsWhenNothingIsSet() {
		this.runner.run((context) -> assertThat(context.getBean(ServiceInfo.class))
			.isEqualTo(new ServiceInfo("application", "unknown", "default")));
	}

	@Test
	void shouldBackOffWhenTheApplicationDefinesItsOwnServiceInfo() {
		this.runner.withBean(ServiceInfo.class, () -> new ServiceInfo("mine", "9", "lab"))
			.run((context) -> assertThat(context.getBean(ServiceInfo.class).name()).isEqualTo("mine"));
	}

	@Test
	void shouldDoNothingWhenDisabled(CapturedOutput output) {
		this.runner.withPropertyValues("observability.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ServiceInfo.class);
			assertThat(context).doesNotHaveBean(ObservabilityStartupSummary.class);
			assertThat(output).doesNotContain("Observability for");
		});
	}

}
