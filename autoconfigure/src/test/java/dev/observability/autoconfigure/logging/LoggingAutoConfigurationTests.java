package dev.observability.autoconfigure.logging;

import java.util.List;

import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.logging.AccessLogFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LoggingAutoConfiguration.class));

	@Test
	void shouldRegisterTheAccessLogFilterAfterTheObservationFilter() {
		this.runner.run((context) -> {
			FilterRegistrationBean<?> registration = context.getBean("accessLogFilter", FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(AccessLogFilter.class);
			assertThat(registration.getOrder()).isEqualTo(Integer.MIN_VALUE + 2);
		});
	}

	@Test
	void shouldTurnTheAccessLogOffWithItsSwitch() {
		this.runner.withPropertyValues("observability.logging.access-log.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("accessLogFilter"));
	}

	@Test
	void shouldBackOffWhenTheApplicationRegistersItsOwnAccessLogFilter() {
		this.runner.withBean("mine", AccessLogFilter.class, () -> new AccessLogFilter(List.of()))
			.run((context) -> assertThat(context).doesNotHaveBean("accessLogFilter"));
	}

	@Test
	void shouldSayWhyJsonLogsAreOff() {
		this.runner.withPropertyValues("logging.structured.format.console=ecs")
			.run((context) -> assertThat(context.getBean("jsonLoggingFeature", ObservabilityFeature.class).status())
				.isEqualTo("off (Spring Boot structured logging: ecs)"));
		this.runner.withPropertyValues("observability.logging.json=false")
			.run((context) -> assertThat(context.getBean("jsonLoggingFeature", ObservabilityFeature.class).status())
				.isEqualTo("off (observability.logging.json=false)"));
	}

	@Test
	void shouldFailStartupNamingAnInvalidExcludedPath() {
		this.runner.withPropertyValues("observability.logging.access-log.exclude-paths=/api/*/health")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("observability.logging.access-log.exclude-paths[0]"));
	}

	@Test
	void shouldDoNothingWhenDisabled() {
		this.runner.withPropertyValues("observability.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

}
