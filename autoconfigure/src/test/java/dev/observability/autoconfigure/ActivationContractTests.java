package dev.observability.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.observability.autoconfigure.core.BootLine;
import dev.observability.autoconfigure.core.ObservabilityFeature;
import dev.observability.autoconfigure.logging.JsonLoggingEnvironmentPostProcessor;
import dev.observability.autoconfigure.logging.ObservabilityJsonFormatter;
import dev.observability.autoconfigure.sentry.SentryTestReceiver;
import dev.observability.correlation.RequestIdFilter;
import dev.observability.correlation.UserContextFilter;
import dev.observability.logging.AccessLogFilter;
import dev.observability.logging.LogPolicyHandover;
import dev.observability.metrics.ApplicationInfoMetrics;
import dev.observability.metrics.FlowTagCardinalityFilter;
import dev.observability.metrics.MetricTagMaskingFilter;
import dev.observability.sentry.SentryCallbacksConfiguration;
import dev.observability.sentry.SentryEventEnricher;
import dev.observability.sentry.SentryEventScrubber;
import dev.observability.sentry.SentryScrubbingGuard;
import dev.observability.sentry.SentryTunnelServlet;
import dev.observability.tracing.ErrorTraceSpanProcessor;
import dev.observability.tracing.FlowAwareSampler;
import dev.observability.tracing.FlowObservationFilter;
import dev.observability.tracing.SanitizingSpanExporter;
import dev.observability.tracing.ToolCallbackObservationPostProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.sentry.Sentry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The activation contract: with the libraries of each integration on the classpath, as the starter
 * brings them, each integration is active. A condition that stops matching (a class that moved in a
 * new Spring Boot, Sentry or Spring AI release, a renamed property) fails here instead of quietly
 * switching a feature off. Observability is on as in a running application
 * ({@link ExportTelemetry}: Spring Boot's tests turn tracing and metrics export off).
 */
@ExportTelemetry
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.banner-mode=off", "observability.logging.json=false",
				"observability.sentry.tunnel.enabled=true",
				"observability.metrics.prometheus.password=" + ActivationContractTests.SCRAPE_PASSWORD,
				BootLine.OTLP_TRACING + "endpoint=http://127.0.0.1:9/v1/traces" })
class ActivationContractTests {

	static final String SCRAPE_PASSWORD = "activation-scrape-1";

	private static final SentryTestReceiver sentry = SentryTestReceiver.start();

	@Autowired
	ApplicationContext context;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void receivers(DynamicPropertyRegistry registry) {
		registry.add("sentry.dsn", sentry::dsn);
		registry.add("observability.sentry.tunnel.allowed-dsns", sentry::dsn);
	}

	@AfterAll
	static void stop() {
		sentry.close();
	}

	@Test
	void shouldTurnJsonLogsOnWithTheLogstashEncoderOnTheClasspath() {
		StandardEnvironment environment = new StandardEnvironment();
		new JsonLoggingEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.structured.format.console"))
			.isEqualTo(ObservabilityJsonFormatter.class.getName());
	}

	@Test
	void shouldPutRequestIdsUserContextAndTheAccessLineOnEveryRequest() {
		assertThat(filters()).containsValues(RequestIdFilter.class, UserContextFilter.class, AccessLogFilter.class);
		assertThat(this.context.getBeansOfType(LogPolicyHandover.class)).hasSize(1);
	}

	@Test
	void shouldEnrichAndScrubEverySentryEvent() {
		assertThat(this.context.getBeansOfType(SentryEventEnricher.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(SentryEventScrubber.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(SentryScrubbingGuard.class)).hasSize(1);
		assertThat(Sentry.isEnabled()).isTrue();
		assertThat(SentryCallbacksConfiguration.isAttached(Sentry.getCurrentScopes().getOptions())).isTrue();
	}

	@Test
	void shouldServeTheBrowserTunnel() {
		assertThat(this.context.getBean("sentryTunnel", ServletRegistrationBean.class).getServlet())
			.isInstanceOf(SentryTunnelServlet.class);
	}

	@Test
	void shouldShapeTracing() {
		assertThat(this.context.getBean(Sampler.class)).isInstanceOf(FlowAwareSampler.class);
		assertThat(this.context.getBeansOfType(ErrorTraceSpanProcessor.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(FlowObservationFilter.class)).hasSize(1);
		assertThat(TestLine.spanExporters(this.context)).singleElement()
			.isInstanceOf(SanitizingSpanExporter.class);
	}

	@Test
	void shouldObserveMcpToolCalls() {
		assertThat(this.context.getBeansOfType(ToolCallbackObservationPostProcessor.class)).hasSize(1);
	}

	@Test
	void shouldProtectTheScrape() throws Exception {
		assertThat(this.context.containsBean("prometheusScrapeSecurityFilterChain")).isTrue();
		assertThat(this.context.getBean("prometheusScrapeSecurityFilterChain")).isInstanceOf(SecurityFilterChain.class);
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest anonymous = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/prometheus"))
			.timeout(Duration.ofSeconds(30))
			.build();
		assertThat(http.send(anonymous, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
		HttpRequest scraper = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/prometheus"))
			.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString(("prometheus:" + SCRAPE_PASSWORD).getBytes(StandardCharsets.UTF_8)))
			.timeout(Duration.ofSeconds(30))
			.build();
		HttpResponse<String> scrape = http.send(scraper, HttpResponse.BodyHandlers.ofString());
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).contains("application_info");
	}

	@Test
	void shouldShapeMetrics() {
		assertThat(this.context.getBeansOfType(MetricTagMaskingFilter.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(FlowTagCardinalityFilter.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(ApplicationInfoMetrics.class)).hasSize(1);
	}

	@Test
	void shouldSayInTheSummaryThatEveryIntegrationIsOn() {
		Map<String, String> features = new LinkedHashMap<>();
		this.context.getBeanProvider(ObservabilityFeature.class)
			.orderedStream()
			.forEach((feature) -> features.put(feature.name(), feature.status()));
		for (String integration : List.of("privacy", "request-id", "user-context", "access-log", "log-masking",
				"sentry", "sentry-tunnel", "tracing", "observed", "mcp", "metrics")) {
			assertThat(features.get(integration)).as(integration).startsWith("on");
		}
	}

	private Map<String, Class<?>> filters() {
		Map<String, Class<?>> filters = new LinkedHashMap<>();
		this.context.getBeansOfType(FilterRegistrationBean.class)
			.forEach((name, registration) -> filters.put(name, registration.getFilter().getClass()));
		return filters;
	}

	/**
	 * An application as a user writes one: no security chain, no configuration of the starter's.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
