package dev.observability.autoconfigure.core;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

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
 * Gives Spring Boot's OTLP settings of traces, logs and metrics the defaults an OpenTelemetry user
 * expects, at the lowest precedence (anything set as a {@code management.*} property wins):
 * <ul>
 * <li>OpenTelemetry's variables, one configuration for the three signals, unless Spring Boot maps
 * them itself (Boot 4.1 does): {@code OTEL_EXPORTER_OTLP_ENDPOINT} plus {@code /v1/traces},
 * {@code /v1/logs} or {@code /v1/metrics}, overridden per signal by
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (and {@code _LOGS_}, {@code _METRICS_});
 * {@code OTEL_EXPORTER_OTLP_HEADERS} ({@code k=v,k2=v2}) and the per-signal headers;
 * {@code OTEL_EXPORTER_OTLP_PROTOCOL} the transport and {@code OTEL_EXPORTER_OTLP_TIMEOUT} (ms)
 * the timeout, each also per signal;</li>
 * <li>{@code OTEL_TRACES_EXPORTER}, {@code OTEL_LOGS_EXPORTER} and {@code OTEL_METRICS_EXPORTER},
 * as in OpenTelemetry's SDK: {@code none} switches the signal's OTLP export off; {@code otlp}
 * switches it on, to {@code localhost} when no endpoint is set; a list without {@code otlp}
 * switches it off; {@code console} among the traces' exporters turns the console span exporter on
 * (the logs' {@code console} is read by the logging set-up);</li>
 * <li>gzip compression of traces and logs;</li>
 * <li>metrics pushed over OTLP only when an endpoint is set ({@code management.otlp.metrics.export.url},
 * a variable, or {@code OTEL_METRICS_EXPORTER=otlp}): with {@code micrometer-registry-otlp} on the
 * classpath, Spring Boot would otherwise push to {@code localhost:4318} every minute;</li>
 * <li>resource attributes {@code service.version}, {@code deployment.environment.name} and
 * {@code service.instance.id}, unless {@code OTEL_RESOURCE_ATTRIBUTES} names them; the three
 * signals share them.</li>
 * </ul>
 * An empty trace or log endpoint property switches that export off, as its author meant, instead
 * of failing startup. The property names are those of the Spring Boot line ({@link BootLine}).
 */
public class OtlpEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "observabilityOtlpDefaults";

	/**
	 * Spring Boot's switch of the OTLP meter registry.
	 */
	public static final String OTLP_METRICS_EXPORT_ENABLED = "management.otlp.metrics.export.enabled";

	/**
	 * Spring Boot's endpoint of the OTLP meter registry.
	 */
	public static final String OTLP_METRICS_URL = "management.otlp.metrics.export.url";

	private static final String RESOURCE = "management.opentelemetry.resource-attributes.";

	private final Function<String, String> getenv;

	private final Boolean bootMapsVariables;

	public OtlpEnvironmentPostProcessor() {
		this(System::getenv, null);
	}

	/**
	 * Create the post-processor.
	 * @param getenv the environment variables
	 * @param bootMapsVariables whether Spring Boot maps the variables itself; {@code null} to find
	 * out from the classpath
	 */
	OtlpEnvironmentPostProcessor(Function<String, String> getenv, Boolean bootMapsVariables) {
		this.getenv = getenv;
		this.bootMapsVariables = bootMapsVariables;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)
				|| !binder.bind("observability.enabled", Boolean.class).orElse(true)) {
			return;
		}
		boolean bootMaps = (this.bootMapsVariables != null) ? this.bootMapsVariables : bootMapsVariables(application);
		Map<String, Object> defaults = new LinkedHashMap<>();
		Map<String, Object> off = new LinkedHashMap<>();
		if (binder.bind("observability.tracing.enabled", Boolean.class).orElse(true)) {
			signal(Signal.TRACES, environment, bootMaps, defaults, off);
			if (exporters(Signal.TRACES).contains("console")) {
				defaults.put("observability.tracing.console-exporter", true);
			}
		}
		if (binder.bind("observability.logging.otlp.enabled", Boolean.class).orElse(true)) {
			signal(Signal.LOGS, environment, bootMaps, defaults, off);
		}
		metrics(environment, bootMaps, defaults);
		if (!off.isEmpty()) {
			environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME + "Off", off));
		}
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

	private void signal(Signal signal, ConfigurableEnvironment environment, boolean bootMaps,
			Map<String, Object> defaults, Map<String, Object> off) {
		String configured = environment.getProperty(signal.prefix + "endpoint");
		if (configured != null && configured.isBlank() && !environment.containsProperty(signal.exportEnabled)) {
			// An empty endpoint means "no export", not a URL that fails the exporter at startup.
			off.put(signal.exportEnabled, false);
		}
		String endpoint = null;
		if (!bootMaps) {
			endpoint = endpoint(signal, isGrpc(signal));
			if (endpoint != null) {
				defaults.put(signal.prefix + "endpoint", endpoint);
			}
			String protocol = variable(signal, "PROTOCOL");
			if (StringUtils.hasText(protocol)) {
				defaults.put(signal.prefix + "transport", isGrpc(signal) ? "grpc" : "http");
			}
			String timeout = variable(signal, "TIMEOUT");
			if (StringUtils.hasText(timeout) && timeout.chars().allMatch(Character::isDigit)) {
				defaults.put(signal.prefix + "timeout", timeout + "ms");
			}
			putHeaders(signal, signal.prefix + "headers.", defaults);
		}
		Set<String> exporters = exporters(signal);
		if (!exporters.isEmpty()) {
			boolean otlp = exporters.contains("otlp");
			defaults.put(signal.exportEnabled, otlp);
			if (otlp && !StringUtils.hasText(configured) && endpoint == null) {
				defaults.put(signal.prefix + "endpoint", isGrpc(signal) ? "http://localhost:4317"
						: "http://localhost:4318/v1/" + signal.path);
			}
		}
		defaults.put(signal.prefix + "compression", "gzip");
	}

	private void metrics(ConfigurableEnvironment environment, boolean bootMaps, Map<String, Object> defaults) {
		String endpoint = endpoint(Signal.METRICS, false);
		if (!bootMaps) {
			if (endpoint != null) {
				defaults.put(OTLP_METRICS_URL, endpoint);
			}
			putHeaders(Signal.METRICS, "management.otlp.metrics.export.headers.", defaults);
		}
		Set<String> exporters = exporters(Signal.METRICS);
		boolean otlp = exporters.contains("otlp");
		if (!exporters.isEmpty() && !exporters.contains("prometheus")) {
			defaults.put(OTLP_METRICS_EXPORT_ENABLED, otlp);
		}
		else if (otlp) {
			defaults.put(OTLP_METRICS_EXPORT_ENABLED, true);
		}
		else if (!StringUtils.hasText(environment.getProperty(OTLP_METRICS_URL)) && endpoint == null) {
			defaults.put(OTLP_METRICS_EXPORT_ENABLED, false);
		}
	}

	/**
	 * The endpoint the variables give a signal, or {@code null}.
	 */
	private String endpoint(Signal signal, boolean grpc) {
		String endpoint = this.getenv.apply("OTEL_EXPORTER_OTLP_" + signal.variable + "_ENDPOINT");
		String base = this.getenv.apply("OTEL_EXPORTER_OTLP_ENDPOINT");
		if (!StringUtils.hasText(endpoint) && StringUtils.hasText(base)) {
			endpoint = grpc ? base : base.replaceAll("/+$", "") + "/v1/" + signal.path;
		}
		return StringUtils.hasText(endpoint) ? endpoint : null;
	}

	private boolean isGrpc(Signal signal) {
		return "grpc".equalsIgnoreCase(variable(signal, "PROTOCOL"));
	}

	/**
	 * The per-signal variable, else the shared one.
	 */
	private String variable(Signal signal, String name) {
		String value = this.getenv.apply("OTEL_EXPORTER_OTLP_" + signal.variable + "_" + name);
		return StringUtils.hasText(value) ? value : this.getenv.apply("OTEL_EXPORTER_OTLP_" + name);
	}

	private void putHeaders(Signal signal, String prefix, Map<String, Object> defaults) {
		for (String variable : new String[] { "OTEL_EXPORTER_OTLP_HEADERS",
				"OTEL_EXPORTER_OTLP_" + signal.variable + "_HEADERS" }) {
			for (String header : StringUtils.tokenizeToStringArray(this.getenv.apply(variable), ",")) {
				int equals = header.indexOf('=');
				if (equals > 0) {
					defaults.put(prefix + header.substring(0, equals).trim(), header.substring(equals + 1).trim());
				}
			}
		}
	}

	/**
	 * The exporters {@code OTEL_<SIGNAL>_EXPORTER} names, lower case; empty when it is not set.
	 */
	Set<String> exporters(Signal signal) {
		return exporters(this.getenv.apply("OTEL_" + signal.variable + "_EXPORTER"));
	}

	/**
	 * The exporters a {@code OTEL_<SIGNAL>_EXPORTER} value names, lower case.
	 * @param value the variable's value, or {@code null}
	 * @return the names; empty when there are none
	 */
	public static Set<String> exporters(String value) {
		Set<String> exporters = new HashSet<>();
		for (String exporter : StringUtils.tokenizeToStringArray(value, ",")) {
			exporters.add(exporter.toLowerCase(Locale.ROOT));
		}
		return exporters;
	}

	/**
	 * Whether this Spring Boot maps the {@code OTEL_*} variables to its own properties (Boot 4.1
	 * does): then it is left to do so.
	 */
	static boolean bootMapsVariables(SpringApplication application) {
		return StringUtils.hasText(BootLine.OTEL_VARIABLES_MAPPER) && ClassUtils.isPresent(
				BootLine.OTEL_VARIABLES_MAPPER, (application != null) ? application.getClassLoader() : null);
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

	/**
	 * The signals, with the names of their variables and of Spring Boot's properties.
	 */
	enum Signal {

		TRACES("TRACES", "traces", BootLine.OTLP_TRACING, BootLine.OTLP_TRACING_EXPORT_ENABLED),

		LOGS("LOGS", "logs", BootLine.OTLP_LOGGING, BootLine.OTLP_LOGGING_EXPORT_ENABLED),

		METRICS("METRICS", "metrics", "management.otlp.metrics.export.", OTLP_METRICS_EXPORT_ENABLED);

		private final String variable;

		private final String path;

		private final String prefix;

		private final String exportEnabled;

		Signal(String variable, String path, String prefix, String exportEnabled) {
			this.variable = variable;
			this.path = path;
			this.prefix = prefix;
			this.exportEnabled = exportEnabled;
		}

	}

}
