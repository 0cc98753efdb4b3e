package dev.observability.autoconfigure.core;


/**
 * What differs between the Spring Boot lines the adapters are built for, by name: the classes Boot
 * moved and the properties it renamed. Each adapter has its own copy of this class; the code they
 * share reads these names and nothing else of the line. This copy is Spring Boot 4's (4.0 and 4.1).
 */
public final class BootLine {

	/**
	 * The Spring Boot line this adapter is built for.
	 */
	public static final String NAME = "4";

	/**
	 * Whether this adapter is built for Spring Boot 4.
	 */
	public static final boolean BOOT_4 = true;

	/**
	 * The starter of this line.
	 */
	public static final String ARTIFACT =
			"dev.observability:observability-spring-boot-4-starter";

	/**
	 * The starter of the other line.
	 */
	public static final String OTHER_ARTIFACT =
			"dev.observability:observability-spring-boot-starter";

	/**
	 * Spring Boot's switch for tracing (Boot 4: for exporting traces).
	 */
	public static final String TRACING_ENABLED = "management.tracing.export.enabled";

	/**
	 * The prefix of Spring Boot's OTLP trace exporter settings ({@code endpoint}, {@code headers},
	 * {@code compression}, {@code timeout}, {@code transport}).
	 */
	public static final String OTLP_TRACING =
			"management.opentelemetry.tracing.export.otlp.";

	/**
	 * Spring Boot's switch for the OTLP trace exporter alone.
	 */
	public static final String OTLP_TRACING_EXPORT_ENABLED = "management.tracing.export.otlp.enabled";

	/**
	 * The prefix of Spring Boot's OTLP log exporter settings ({@code endpoint}, {@code headers},
	 * {@code compression}, {@code timeout}, {@code transport}).
	 */
	public static final String OTLP_LOGGING = "management.opentelemetry.logging.export.otlp.";

	/**
	 * Spring Boot's switch for the OTLP log exporter alone.
	 */
	public static final String OTLP_LOGGING_EXPORT_ENABLED = "management.logging.export.otlp.enabled";

	/**
	 * The prefix of Spring Boot's settings of the log record batch processor ({@code max-queue-size},
	 * {@code schedule-delay}, {@code max-batch-size}, {@code timeout}), where the line has them
	 * (empty: it has none).
	 */
	public static final String LOG_EXPORT_BATCH = "management.opentelemetry.logging.export.";

	/**
	 * The auto-configuration that creates Spring Boot's OpenTelemetry logger provider.
	 */
	public static final String OPENTELEMETRY_LOGGING_AUTO_CONFIGURATION =
			"org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration";

	/**
	 * The auto-configuration that creates Spring Boot's OTLP meter registry.
	 */
	public static final String OTLP_METRICS_EXPORT_AUTO_CONFIGURATION =
			"org.springframework.boot.micrometer.metrics.autoconfigure.export.otlp.OtlpMetricsExportAutoConfiguration";

	/**
	 * Spring Boot's own environment post-processor that maps the {@code OTEL_*} environment
	 * variables to its properties, where the line has one (empty: it has none).
	 */
	public static final String OTEL_VARIABLES_MAPPER =
			"org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetryEnvironmentVariableEnvironmentPostProcessor";

	public static final String OBSERVATION_AUTO_CONFIGURATION =
			"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration";

	public static final String OPENTELEMETRY_TRACING_AUTO_CONFIGURATION =
			"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration";

	public static final String PROMETHEUS_METRICS_EXPORT_AUTO_CONFIGURATION =
			"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration";

	public static final String PROMETHEUS_SCRAPE_ENDPOINT =
			"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint";

	public static final String HEALTH_ENDPOINT_AUTO_CONFIGURATION =
			"org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration";

	public static final String OAUTH2_CLIENT_WEB_SECURITY_AUTO_CONFIGURATION =
			"org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration";

	public static final String OAUTH2_RESOURCE_SERVER_WEB_SECURITY_AUTO_CONFIGURATION =
			"org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration";

	public static final String SAML2_RELYING_PARTY_AUTO_CONFIGURATION =
			"org.springframework.boot.security.saml2.autoconfigure.Saml2RelyingPartyAutoConfiguration";

	public static final String REACTIVE_OAUTH2_CLIENT_WEB_SECURITY_AUTO_CONFIGURATION =
			"org.springframework.boot.security.oauth2.client.autoconfigure.reactive.ReactiveOAuth2ClientWebSecurityAutoConfiguration";

	public static final String REACTIVE_OAUTH2_RESOURCE_SERVER_WEB_SECURITY_AUTO_CONFIGURATION =
			"org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.reactive.ReactiveOAuth2ResourceServerWebSecurityAutoConfiguration";

	public static final String REACTIVE_USER_DETAILS_SERVICE_AUTO_CONFIGURATION =
			"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration";

	public static final String MANAGEMENT_WEB_SECURITY_AUTO_CONFIGURATION =
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration";

	/**
	 * The auto-configuration that creates Spring Boot's default servlet security chain.
	 */
	public static final String SERVLET_WEB_SECURITY_AUTO_CONFIGURATION =
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration";

	public static final String REACTIVE_MANAGEMENT_WEB_SECURITY_AUTO_CONFIGURATION =
			"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration";

	/**
	 * The auto-configuration that creates Spring Boot's default reactive security chain.
	 */
	public static final String REACTIVE_WEB_SECURITY_AUTO_CONFIGURATION =
			"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration";

	/**
	 * Spring Boot's matcher of actuator endpoints for servlet security chains (Boot 4: in its
	 * security module, which an application may leave out).
	 */
	public static final String SERVLET_ENDPOINT_REQUEST =
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest";

	/**
	 * Spring Boot's matcher of actuator endpoints for reactive security chains.
	 */
	public static final String REACTIVE_ENDPOINT_REQUEST =
			"org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest";

	/**
	 * Spring Boot's embedded Tomcat factory (Boot 4: in its Tomcat module).
	 */
	public static final String TOMCAT_SERVLET_WEB_SERVER_FACTORY =
			"org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory";

	public static final String SENTRY_AUTO_CONFIGURATION =
			"io.sentry.spring.boot4.SentryAutoConfiguration";

	/**
	 * Sentry's request filter for Spring MVC, whose scopes and request data the starter's own
	 * filter takes over.
	 */
	public static final String SENTRY_SPRING_FILTER = "io.sentry.spring7.SentrySpringFilter";

	private BootLine() {
	}

}
