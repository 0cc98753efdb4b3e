package dev.observability.autoconfigure;

import java.util.List;

import dev.observability.autoconfigure.core.BootLine;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.sentry.spring.boot.jakarta.SentryAutoConfiguration;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;

import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.SpanExporters;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.web.client.RestClientCustomizer;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.boot.web.reactive.function.client.WebClientCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.web.client.RestTemplate;

/**
 * What the behaviour tests need of Spring Boot that differs between its lines: Boot 3.5's classes.
 * The Boot 4 adapter's tests have their own copy.
 */
public final class TestLine {

	public static final String NAME = "3.5";

	/**
	 * The prefix of Spring Boot's settings of the span batch processor ({@code schedule-delay},
	 * {@code max-queue-size}, ...).
	 */
	public static final String SPAN_EXPORT = "management.tracing.opentelemetry.export.";

	public static final Class<?> WEB_MVC_AUTO_CONFIGURATION = WebMvcAutoConfiguration.class;

	public static final Class<?> DISPATCHER_SERVLET_AUTO_CONFIGURATION = DispatcherServletAutoConfiguration.class;

	/**
	 * The auto-configuration that gives a servlet application Spring Boot's default security chain.
	 */
	public static final Class<?> SERVLET_SECURITY_AUTO_CONFIGURATION = SecurityAutoConfiguration.class;

	public static final Class<?> OBSERVATION_AUTO_CONFIGURATION = ObservationAutoConfiguration.class;

	public static final Class<?> METRICS_AUTO_CONFIGURATION = MetricsAutoConfiguration.class;

	public static final Class<?> SENTRY_AUTO_CONFIGURATION = SentryAutoConfiguration.class;

	public static final String SENTRY_SPRING_FILTER = BootLine.SENTRY_SPRING_FILTER;

	public static final Class<?> REST_CLIENT_CUSTOMIZER = RestClientCustomizer.class;

	public static final Class<?> REST_TEMPLATE_CUSTOMIZER = RestTemplateCustomizer.class;

	public static final Class<?> WEB_CLIENT_CUSTOMIZER = WebClientCustomizer.class;

	public static final Class<?> REACTIVE_WEB_SERVER_APPLICATION_CONTEXT = ReactiveWebServerApplicationContext.class;

	private TestLine() {
	}

	/**
	 * The port of the embedded web server of an application.
	 */
	public static int port(ApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * The exporters of Spring Boot's span exporter list.
	 */
	public static List<SpanExporter> spanExporters(ApplicationContext context) {
		return context.getBean(SpanExporters.class).list();
	}

	/**
	 * A request of the embedded Tomcat, outside any server.
	 */
	public static Request tomcatRequest() {
		return new Request(new Connector());
	}

	/**
	 * A response of the embedded Tomcat, outside any server.
	 */
	public static Response tomcatResponse() {
		return new Response();
	}

	/**
	 * Apply the application's rest template customizer.
	 */
	public static void customizeRestTemplate(ApplicationContext context, RestTemplate restTemplate) {
		context.getBean(RestTemplateCustomizer.class).customize(restTemplate);
	}

}
