package dev.observability.autoconfigure.core;

import java.util.Map;

import dev.observability.autoconfigure.TestLine;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpEnvironmentPostProcessorTests {

	@Test
	void shouldTurnTheStandardOtelVariablesIntoBootsSettings() {
		StandardEnvironment environment = process(Map.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/",
				"OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer abc, x-tenant=t1", "OTEL_EXPORTER_OTLP_TIMEOUT",
				"2500"));
		assertThat(environment.getProperty(BootLine.OTLP_TRACING + "endpoint"))
			.isEqualTo("http://collector:4318/v1/traces");
		assertThat(environment.getProperty(BootLine.OTLP_TRACING + "headers.authorization")).isEqualTo("Bearer abc");
		assertThat(environment.getProperty(BootLine.OTLP_TRACING + "headers.x-tenant")).isEqualTo("t1");
		assertThat(environment.getProperty(BootLine.OTLP_TRACING + "timeout")).isEqualTo("2500ms");
		assertThat(environment.getProperty(BootLine.OTLP_TRACING + "compression")).isEqualTo("gzip");
	}

	@Test
	void shouldPreferTheTracesEndpointAndKeepGrpcEndpointsAsTheyAre() {
		assertThat(process(Map.of(), Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/custom",
				"OTEL_EXPORTER_OTLP_ENDPOINT", "http://other:4318"))
			.getProperty(BootLine.OTLP_TRACING + "endpoint")).isEqualTo("http://c:4318/custom");
		StandardEnvironment grpc = process(Map.of(),
				Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));
		assertThat(grpc.getProperty(BootLine.OTLP_TRACING + "endpoint")).isEqualTo("http://c:4317");
		assertThat(grpc.getProperty(BootLine.OTLP_TRACING + "transport")).isEqualTo("grpc");
	}

	@Test
	void shouldLetBootPropertiesWinOverVariables() {
		StandardEnvironment environment = process(
				Map.of(BootLine.OTLP_TRACING + "endpoint", "http://mine:4318/v1/traces",
						BootLine.OTLP_TRACING + "compression", "none"),
				Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"));
		assertThat(environment.getProperty(BootLine.OTLP_TRACING + "endpoint")).isEqualTo("http://mine:4318/v1/traces");
		assertThat(environment.getProperty(BootLine.OTLP_TRACING + "compression")).isEqualTo("none");
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
	void shouldLeaveTheVariablesToSpringBootWhereItMapsThem() {
		StandardEnvironment environment = new StandardEnvironment();
		new OtlpEnvironmentPostProcessor(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")::get, true)
			.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(BootLine.OTLP_TRACING + "endpoint")).isNull();
		assertThat(environment.getProperty(BootLine.OTLP_TRACING + "compression")).isEqualTo("gzip");
	}

	@Test
	void shouldKnowWhichSpringBootMapsTheVariables() {
		// Boot 4.1 has its own mapping; Boot 3.5 and 4.0 do not.
		boolean expected = TestLine.NAME.equals("4") && SpringBootVersion.getVersion()
			.startsWith("4.1");
		assertThat(OtlpEnvironmentPostProcessor.bootMapsVariables(new SpringApplication())).isEqualTo(expected);
	}

	@Test
	void shouldDoNothingWhenTracingIntegrationIsOff() {
		StandardEnvironment environment = process(Map.of("observability.tracing.enabled", "false"),
				Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"));
		assertThat(environment.getProperty(BootLine.OTLP_TRACING + "endpoint")).isNull();
	}

	@Test
	void shouldReadAnEmptyEndpointAsExportOff() {
		assertThat(process(Map.of(BootLine.OTLP_TRACING + "endpoint", ""), Map.of())
			.getProperty(BootLine.OTLP_TRACING_EXPORT_ENABLED)).isEqualTo("false");
		assertThat(process(Map.of(BootLine.OTLP_TRACING + "endpoint", "", BootLine.OTLP_TRACING_EXPORT_ENABLED,
				"true"), Map.of())
			.getProperty(BootLine.OTLP_TRACING_EXPORT_ENABLED)).isEqualTo("true");
		assertThat(process(Map.of(BootLine.OTLP_TRACING + "endpoint", "http://c:4318/v1/traces"), Map.of())
			.getProperty(BootLine.OTLP_TRACING_EXPORT_ENABLED)).isNull();
	}

	@Test
	void shouldStartAnApplicationWhoseEndpointIsEmpty() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EmptyEndpointApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "observability.logging.json=false",
					BootLine.OTLP_TRACING + "endpoint=")
			.run()) {
			assertThat(context.getBeansOfType(OtlpHttpSpanExporter.class)).isEmpty();
		}
	}

	@Test
	void shouldServeTheThreeSignalsFromOneEndpointAndOneHeaderVariable() {
		StandardEnvironment environment = process(Map.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
				"OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer abc", "OTEL_EXPORTER_OTLP_LOGS_HEADERS",
				"x-tenant=logs"));
		assertThat(environment.getProperty(BootLine.OTLP_LOGGING + "endpoint")).isEqualTo("http://collector:4318/v1/logs");
		assertThat(environment.getProperty(BootLine.OTLP_LOGGING + "headers.authorization")).isEqualTo("Bearer abc");
		assertThat(environment.getProperty(BootLine.OTLP_LOGGING + "headers.x-tenant")).isEqualTo("logs");
		assertThat(environment.getProperty(BootLine.OTLP_TRACING + "headers.x-tenant")).isNull();
		assertThat(environment.getProperty(BootLine.OTLP_LOGGING + "compression")).isEqualTo("gzip");
		assertThat(environment.getProperty(OtlpEnvironmentPostProcessor.OTLP_METRICS_URL))
			.isEqualTo("http://collector:4318/v1/metrics");
		assertThat(environment.getProperty("management.otlp.metrics.export.headers.authorization"))
			.isEqualTo("Bearer abc");
		assertThat(environment.getProperty(OtlpEnvironmentPostProcessor.OTLP_METRICS_EXPORT_ENABLED)).isNull();
	}

	@Test
	void shouldLetPerSignalEndpointsOverrideTheSharedOne() {
		StandardEnvironment environment = process(Map.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
				"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://logs:4318/v1/logs", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
				"http://metrics:4318/v1/metrics"));
		assertThat(environment.getProperty(BootLine.OTLP_LOGGING + "endpoint")).isEqualTo("http://logs:4318/v1/logs");
		assertThat(environment.getProperty(OtlpEnvironmentPostProcessor.OTLP_METRICS_URL))
			.isEqualTo("http://metrics:4318/v1/metrics");
		assertThat(environment.getProperty(BootLine.OTLP_TRACING + "endpoint")).isEqualTo("http://collector:4318/v1/traces");
	}

	@Test
	void shouldReadTheExporterVariablesAsOpenTelemetrysSdkDoes() {
		StandardEnvironment none = process(Map.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
				"OTEL_TRACES_EXPORTER", "none", "OTEL_LOGS_EXPORTER", "none", "OTEL_METRICS_EXPORTER", "none"));
		assertThat(none.getProperty(BootLine.OTLP_TRACING_EXPORT_ENABLED)).isEqualTo("false");
		assertThat(none.getProperty(BootLine.OTLP_LOGGING_EXPORT_ENABLED)).isEqualTo("false");
		assertThat(none.getProperty(OtlpEnvironmentPostProcessor.OTLP_METRICS_EXPORT_ENABLED)).isEqualTo("false");
		StandardEnvironment otlp = process(Map.of(),
				Map.of("OTEL_TRACES_EXPORTER", "otlp,console", "OTEL_LOGS_EXPORTER", "otlp", "OTEL_METRICS_EXPORTER", "otlp"));
		assertThat(otlp.getProperty(BootLine.OTLP_TRACING_EXPORT_ENABLED)).isEqualTo("true");
		assertThat(otlp.getProperty(BootLine.OTLP_TRACING + "endpoint")).isEqualTo("http://localhost:4318/v1/traces");
		assertThat(otlp.getProperty("observability.tracing.console-exporter")).isEqualTo("true");
		assertThat(otlp.getProperty(BootLine.OTLP_LOGGING + "endpoint")).isEqualTo("http://localhost:4318/v1/logs");
		assertThat(otlp.getProperty(OtlpEnvironmentPostProcessor.OTLP_METRICS_EXPORT_ENABLED)).isEqualTo("true");
		StandardEnvironment console = process(Map.of(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
				"OTEL_TRACES_EXPORTER", "console"));
		assertThat(console.getProperty(BootLine.OTLP_TRACING_EXPORT_ENABLED)).isEqualTo("false");
		assertThat(console.getProperty("observability.tracing.console-exporter")).isEqualTo("true");
	}

	@Test
	void shouldLetBootPropertiesWinOverTheExporterVariables() {
		StandardEnvironment environment = process(
				Map.of(BootLine.OTLP_LOGGING_EXPORT_ENABLED, "true", OtlpEnvironmentPostProcessor.OTLP_METRICS_EXPORT_ENABLED,
						"true"),
				Map.of("OTEL_LOGS_EXPORTER", "none", "OTEL_METRICS_EXPORTER", "none"));
		assertThat(environment.getProperty(BootLine.OTLP_LOGGING_EXPORT_ENABLED)).isEqualTo("true");
		assertThat(environment.getProperty(OtlpEnvironmentPostProcessor.OTLP_METRICS_EXPORT_ENABLED)).isEqualTo("true");
	}

	@Test
	void shouldPushMetricsOnlyWhenAnEndpointIsSet() {
		assertThat(process(Map.of(), Map.of()).getProperty(OtlpEnvironmentPostProcessor.OTLP_METRICS_EXPORT_ENABLED))
			.isEqualTo("false");
		assertThat(process(Map.of(OtlpEnvironmentPostProcessor.OTLP_METRICS_URL, "http://c:4318/v1/metrics"), Map.of())
			.getProperty(OtlpEnvironmentPostProcessor.OTLP_METRICS_EXPORT_ENABLED)).isNull();
		assertThat(process(Map.of(), Map.of("OTEL_METRICS_EXPORTER", "prometheus"))
			.getProperty(OtlpEnvironmentPostProcessor.OTLP_METRICS_EXPORT_ENABLED)).isEqualTo("false");
	}

	@Test
	void shouldReadAnEmptyLogEndpointAsExportOff() {
		assertThat(process(Map.of(BootLine.OTLP_LOGGING + "endpoint", ""), Map.of())
			.getProperty(BootLine.OTLP_LOGGING_EXPORT_ENABLED)).isEqualTo("false");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class EmptyEndpointApplication {

	}

	private static StandardEnvironment process(Map<String, Object> properties, Map<String, String> variables) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("user", properties));
		// The mapping itself, on every line: Boot 4.1 maps the variables before it, with the same result.
		new OtlpEnvironmentPostProcessor(variables::get, false).postProcessEnvironment(environment,
				new SpringApplication());
		return environment;
	}

}
