package dev.observability.autoconfigure.tracing;

import java.util.Map;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class TracingEnvironmentPostProcessorTests {

	@Test
	void shouldTurnTheStandardOtelVariablesIntoBootsSettings() {
		StandardEnvironment environment = process(Map.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/",
				"OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer abc, x-tenant=t1", "OTEL_EXPORTER_OTLP_TIMEOUT",
				"2500"));
		assertThat(environment.getProperty("management.otlp.tracing.endpoint"))
			.isEqualTo("http://collector:4318/v1/traces");
		assertThat(environment.getProperty("management.otlp.tracing.headers.authorization")).isEqualTo("Bearer abc");
		assertThat(environment.getProperty("management.otlp.tracing.headers.x-tenant")).isEqualTo("t1");
		assertThat(environment.getProperty("management.otlp.tracing.timeout")).isEqualTo("2500ms");
		assertThat(environment.getProperty("management.otlp.tracing.compression")).isEqualTo("gzip");
	}

	@Test
	void shouldPreferTheTracesEndpointAndKeepGrpcEndpointsAsTheyAre() {
		assertThat(process(Map.of(), Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/custom",
				"OTEL_EXPORTER_OTLP_ENDPOINT", "http://other:4318"))
			.getProperty("management.otlp.tracing.endpoint")).isEqualTo("http://c:4318/custom");
		StandardEnvironment grpc = process(Map.of(),
				Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));
		assertThat(grpc.getProperty("management.otlp.tracing.endpoint")).isEqualTo("http://c:4317");
		assertThat(grpc.getProperty("management.otlp.tracing.transport")).isEqualTo("grpc");
	}

	@Test
	void shouldLetBootPropertiesWinOverVariables() {
		StandardEnvironment environment = process(
				Map.of("management.otlp.tracing.endpoint", "http://mine:4318/v1/traces",
						"management.otlp.tracing.compression", "none"),
				Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"));
		assertThat(environment.getProperty("management.otlp.tracing.endpoint")).isEqualTo("http://mine:4318/v1/traces");
		assertThat(environment.getProperty("management.otlp.tracing.compression")).isEqualTo("none");
	}

	@Test
	void shouldAddResourceAttributesUnlessTheVariableNamesThem() {
		StandardEnvironment environment = process(
				Map.of("spring.application.version", "4.2.0", "observability.environment", "prod"),
				Map.of("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=eu-prod"));
		assertThat(environment.getProperty("management.opentelemetry.resource-attributes.service.version"))
			.isEqualTo("4.2.0");
		assertThat(environment.getProperty("management.opentelemetry.resource-attributes.service.instance.id"))
			.isNotBlank();
		assertThat(environment.containsProperty("management.opentelemetry.resource-attributes.deployment.environment.name"))
			.isFalse();
	}

	@Test
	void shouldDoNothingWhenTracingIntegrationIsOff() {
		StandardEnvironment environment = process(Map.of("observability.tracing.enabled", "false"),
				Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"));
		assertThat(environment.getProperty("management.otlp.tracing.endpoint")).isNull();
	}

	@Test
	void shouldReadAnEmptyEndpointAsExportOff() {
		assertThat(process(Map.of("management.otlp.tracing.endpoint", ""), Map.of())
			.getProperty("management.otlp.tracing.export.enabled")).isEqualTo("false");
		assertThat(process(Map.of("management.otlp.tracing.endpoint", "", "management.otlp.tracing.export.enabled",
				"true"), Map.of())
			.getProperty("management.otlp.tracing.export.enabled")).isEqualTo("true");
		assertThat(process(Map.of("management.otlp.tracing.endpoint", "http://c:4318/v1/traces"), Map.of())
			.getProperty("management.otlp.tracing.export.enabled")).isNull();
	}

	@Test
	void shouldStartAnApplicationWhoseEndpointIsEmpty() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EmptyEndpointApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "observability.logging.json=false",
					"management.otlp.tracing.endpoint=")
			.run()) {
			assertThat(context.getBeansOfType(OtlpHttpSpanExporter.class)).isEmpty();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class EmptyEndpointApplication {

	}

	private static StandardEnvironment process(Map<String, Object> properties, Map<String, String> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("user", properties));
		new TracingEnvironmentPostProcessor(variables::get).postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
