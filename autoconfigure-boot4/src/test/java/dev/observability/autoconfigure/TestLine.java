package dev.observability.autoconfigure;

import java.util.List;

import dev.observability.autoconfigure.core.BootLine;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;

import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestTemplate;

/**
 * What the behaviour tests need of Spring Boot that differs between its lines: Boot 4's classes.
 * The Boot 3.5 adapter's tests have their own copy. Boot 4 splits itself into modules, some of
 * which a test execution leaves out: the classes are looked up by name.
 */
public final class TestLine {

	public static final String NAME = "4";

	/**
	 * The prefix of Spring Boot's settings of the span batch processor ({@code schedule-delay},
	 * {@code max-queue-size}, ...).
	 */
	public static final String SPAN_EXPORT = "management.opentelemetry.tracing.export.";

	public static final Class<?> WEB_MVC_AUTO_CONFIGURATION = load(
			"org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration");

	public static final Class<?> DISPATCHER_SERVLET_AUTO_CONFIGURATION = load(
			"org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration");

	/**
	 * The auto-configuration that gives a servlet application Spring Boot's default security chain.
	 */
	public static final Class<?> SERVLET_SECURITY_AUTO_CONFIGURATION = load(
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration");

	public static final Class<?> OBSERVATION_AUTO_CONFIGURATION = load(
			"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration");

	public static final Class<?> METRICS_AUTO_CONFIGURATION = load(
			"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration");

	public static final Class<?> SENTRY_AUTO_CONFIGURATION = load(
			"io.sentry.spring.boot4.SentryAutoConfiguration");

	public static final String SENTRY_SPRING_FILTER = BootLine.SENTRY_SPRING_FILTER;

	public static final Class<?> REST_CLIENT_CUSTOMIZER = load(
			"org.springframework.boot.restclient.RestClientCustomizer");

	public static final Class<?> REST_TEMPLATE_CUSTOMIZER = load(
			"org.springframework.boot.restclient.RestTemplateCustomizer");

	public static final Class<?> WEB_CLIENT_CUSTOMIZER = load(
			"org.springframework.boot.webclient.WebClientCustomizer");

	public static final Class<?> REACTIVE_WEB_SERVER_APPLICATION_CONTEXT = load(
			"org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext");

	private TestLine() {
	}

	/**
	 * A class of an optional module, or {@code null} in the test executions that leave it out: a
	 * class literal here would fail every test of such an execution.
	 */
	private static Class<?> load(String name) {
		return ClassUtils.isPresent(name, null) ? ClassUtils.resolveClassName(name, null) : null;
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
		return new Request(new Connector(), new org.apache.coyote.Request());
	}

	/**
	 * A response of the embedded Tomcat, outside any server.
	 */
	public static Response tomcatResponse() {
		return new Response(new org.apache.coyote.Response());
	}

	/**
	 * Apply the application's rest template customizer.
	 */
	public static void customizeRestTemplate(ApplicationContext context, RestTemplate restTemplate) {
		context.getBean(RestTemplateCustomizer.class).customize(restTemplate);
	}

}
