package dev.observability.autoconfigure.core;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ObservabilityDefaultsEnvironmentPostProcessorTests {

	private final ObservabilityDefaultsEnvironmentPostProcessor processor = new ObservabilityDefaultsEnvironmentPostProcessor();

	@Test
	void shouldGiveBootsSettingsBetterDefaults() {
		StandardEnvironment environment = process(Map.of());
		assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,info,prometheus,observability");
		assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
		// @Observed is the starter's own advisor: Boot's AspectJ aspects stay off unless asked for.
		assertThat(environment.getProperty("management.observations.annotations.enabled")).isNull();
		assertThat(environment.getProperty("management.metrics.distribution.percentiles-histogram.http.server.requests"))
			.isEqualTo("true");
		assertThat(environment.getPropertySources().stream().reduce((first, second) -> second).orElseThrow().getName())
			.isEqualTo(ObservabilityDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
	}

	@Test
	void shouldNeverOverrideWhatTheApplicationSet() {
		StandardEnvironment environment = process(Map.of("management.endpoints.web.exposure.include", "health",
				"management.endpoint.health.probes.enabled", "false"));
		assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health");
		assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("false");
	}

	@Test
	void shouldChangeNothingWhenDisabled() {
		StandardEnvironment environment = process(Map.of("observability.enabled", "false"));
		assertThat(environment.getPropertySources()
			.contains(ObservabilityDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isNull();
	}

	@Test
	void shouldFailNamingAnInvalidSwitch() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> process(Map.of("observability.enabled", "maybe")))
			.satisfies((ex) -> assertThat(ex.getProperty().getName()).hasToString("observability.enabled"));
	}

	private StandardEnvironment process(Map<String, Object> userProperties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("user", userProperties));
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
