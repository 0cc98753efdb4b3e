package dev.observability.autoconfigure.tracing;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import dev.observability.autoconfigure.core.BootLine;
import dev.observability.core.ServiceInfo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Gives Spring Boot's OTLP tracing settings the defaults an OpenTelemetry user expects, at the
 * lowest precedence (anything set as a {@code management.*} property wins):
 * <ul>
 * <li>{@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, or {@code OTEL_EXPORTER_OTLP_ENDPOINT} plus
 * {@code /v1/traces}, become Boot's OTLP trace endpoint ({@code management.otlp.tracing.endpoint}
 * on Boot 3.5, {@code management.opentelemetry.tracing.export.otlp.endpoint} on Boot 4);
 * {@code OTEL_EXPORTER_OTLP_HEADERS} ({@code k=v,k2=v2}) the headers,
 * {@code OTEL_EXPORTER_OTLP_PROTOCOL} the transport and {@code OTEL_EXPORTER_OTLP_TIMEOUT} (ms) the
 * timeout, unless Spring Boot maps these variables itself (Boot 4.1 does);</li>
 * <li>gzip compression;</li>
 * <li>resource attributes {@code service.version}, {@code deployment.environment.name} and
 * {@code service.instance.id}, unless {@code OTEL_RESOURCE_ATTRIBUTES} names them.</li>
 * </ul>
 * An empty endpoint property switches the OTLP export off, as its author
 * meant, instead of failing startup.
 */
public class TracingEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "observabilityTracingDefaults";

	private static final String RESOURCE = "management.opentelemetry.resource-attributes.";

	private final Function<String, String> getenv;

	private final Boolean bootMapsVariables;

	public TracingEnvironmentPostProcessor() {
		this(System::getenv, null);
	}

	/**
	 * Create the post-processor.
	 * @param getenv the environment variables
	 * @param bootMapsVariables whether Spring Boot maps the variables itself; {@code null} to find
	 * out from the classpath
	 */
	TracingEnvironmentPostProcessor(Function<String, String> getenv, Boolean bootMapsVariables) {
		this.getenv = getenv;
		this.bootMapsVariables = bootMapsVariables;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)
				|| !binder.bind("observability.enabled", Boolean.class).orElse(true)
				|| !binder.bind("observability.tracing.enabled", Boolean.class).orElse(true)) {
			return;
		}
		String configured = environment.getProperty(BootLine.OTLP_TRACING + "endpoint");
		if (configured != null && configured.isBlank()
				&& !environment.containsProperty(BootLine.OTLP_TRACING_EXPORT_ENABLED)) {
			// An empty endpoint means "no export", not a URL that fails the exporter at startup.
			environment.getPropertySources()
				.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME + "Off",
						Map.of(BootLine.OTLP_TRACING_EXPORT_ENABLED, false)));
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		boolean bootMaps = (this.bootMapsVariables != null) ? this.bootMapsVariables : bootMapsVariables(application);
		if (!bootMaps) {
			putVariables(defaults);
		}
		defaults.put(BootLine.OTLP_TRACING + "compression", "gzip");
		Set<String> fromVariable = new HashSet<>();
		for (String attribute : StringUtils.tokenizeToStringArray(this.getenv.apply("OTEL_RESOURCE_ATTRIBUTES"), ",")) {
			int equals = attribute.indexOf('=');
			if (equals > 0) {
				fromVariable.add(attribute.substring(0, equals).trim());
			}
		}
		ServiceInfo service = ServiceInfo.from(environment);
		putUnless(defaults, fromVariable, "service.version", service.version());
		putUnless(defaults, fromVariable, "deployment.environment.name", service.environment());
		putUnless(defaults, fromVariable, "service.instance.id", instanceId());
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	/**
	 * Whether this Spring Boot maps the {@code OTEL_*} variables to its own properties (Boot 4.1
	 * does): then it is left to do so.
	 */
	static boolean bootMapsVariables(SpringApplication application) {
		return StringUtils.hasText(BootLine.OTEL_VARIABLES_MAPPER) && ClassUtils.isPresent(
				BootLine.OTEL_VARIABLES_MAPPER, (application != null) ? application.getClassLoader() : null);
	}

	private void putVariables(Map<String, Object> defaults) {
		String endpoint = this.getenv.apply("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
		String protocol = this.getenv.apply("OTEL_EXPORTER_OTLP_PROTOCOL");
		boolean grpc = "grpc".equalsIgnoreCase(protocol);
		if (!StringUtils.hasText(endpoint) && StringUtils.hasText(this.getenv.apply("OTEL_EXPORTER_OTLP_ENDPOINT"))) {
			String base = this.getenv.apply("OTEL_EXPORTER_OTLP_ENDPOINT");
			endpoint = grpc ? base : base.replaceAll("/+$", "") + "/v1/traces";
		}
		if (StringUtils.hasText(endpoint)) {
			defaults.put(BootLine.OTLP_TRACING + "endpoint", endpoint);
		}
		if (StringUtils.hasText(protocol)) {
			defaults.put(BootLine.OTLP_TRACING + "transport", grpc ? "grpc" : "http");
		}
		String timeout = this.getenv.apply("OTEL_EXPORTER_OTLP_TIMEOUT");
		if (StringUtils.hasText(timeout) && timeout.chars().allMatch(Character::isDigit)) {
			defaults.put(BootLine.OTLP_TRACING + "timeout", timeout + "ms");
		}
		for (String header : StringUtils.tokenizeToStringArray(this.getenv.apply("OTEL_EXPORTER_OTLP_HEADERS"), ",")) {
			int equals = header.indexOf('=');
			if (equals > 0) {
				defaults.put(BootLine.OTLP_TRACING + "headers." + header.substring(0, equals).trim(),
						header.substring(equals + 1).trim());
			}
		}
	}

	private static void putUnless(Map<String, Object> defaults, Set<String> fromVariable, String key, String value) {
		if (!fromVariable.contains(key)) {
			defaults.put(RESOURCE + key, value);
		}
	}

	/**
	 * The process as {@code pid@host}, unique per running instance, with a random suffix where the
	 * JVM does not say.
	 */
	private static String instanceId() {
		String name = ManagementFactory.getRuntimeMXBean().getName();
		return StringUtils.hasText(name) ? name + "-" + UUID.randomUUID().toString().substring(0, 8)
				: UUID.randomUUID().toString();
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
