package dev.observability.autoconfigure.core;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

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
	void shouldSpareBoot4TheUnusedJackson2EndpointMapperUnlessJackson2IsPreferred() {
		String isolated = "management.endpoints.jackson2.isolated-object-mapper";
		assertThat(process(Map.of()).getProperty(isolated)).isEqualTo(BootLine.BOOT_4 ? "false" : null);
		assertThat(process(Map.of("spring.http.converters.preferred-json-mapper", "jackson2")).getProperty(isolated))
			.isNull();
		assertThat(process(Map.of("spring.http.codecs.preferred-json-mapper", "JACKSON2")).getProperty(isolated))
			.isNull();
		assertThat(process(Map.of(isolated, "true")).getProperty(isolated)).isEqualTo("true");
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

	@Test
	void shouldRefuseAMisspelledPropertyNamingTheNearestOne() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> process(Map.of("observability.metrics.prometheus.pasword", "twelve-chars-or-more")))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("observability.metrics.prometheus.pasword"))
			.withMessageContaining("did you mean observability.metrics.prometheus.password?");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> process(Map.of("observability.privacy.sensitve-keys[0]", "iban")))
			.withMessageContaining("did you mean observability.privacy.sensitive-keys?");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> process(Map.of("observability.nothing-like-this.at-all", "x")))
			.withMessageContaining("observability.nothing-like-this.at-all")
			.withMessageNotContaining("did you mean");
	}

	@Test
	void shouldAcceptEveryKnownPropertyInAnyRelaxedForm() {
		process(Map.of("observability.privacy.sensitiveKeys[0]", "iban", "observability.privacy.patterns[1]", "x",
				"observability.privacy.detectors.vendor-tokens", "true", "observability.tracing.keep-errors.max-traces",
				"10", "observability.request-id.propagation.http-clients", "true"));
	}

	@Test
	void shouldSayToWriteNoneWhenYamlTurnedOffIntoFalse() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> process(Map.of("observability.metrics.prometheus.security", false)))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("observability.metrics.prometheus.security"))
			.withMessageContaining("Write one of basic, none")
			.withMessageContaining("write none");
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> process(Map.of("observability.metrics.prometheus.security", "bearer")))
			.withMessageContaining("Write one of basic, none.");
		process(Map.of("observability.metrics.prometheus.security", "NONE"));
	}

	@Test
	void shouldLeaveEnvironmentVariablesUnchecked() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("env", Map.of("OBSERVABILITY_PRIVACY_HASH_SECRET", "x")));
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources()
			.contains(ObservabilityDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isTrue();
	}

	private StandardEnvironment process(Map<String, Object> userProperties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("user", userProperties));
		this.processor.postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
