package dev.observability.autoconfigure.core;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.observability.core.ServiceInfo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives Spring Boot's own settings better defaults for an observable service, at the lowest
 * precedence: any value the application sets, in any property source, wins.
 * <p>
 * Also refuses a property under {@code observability.*} that does not exist (a typo), naming the
 * nearest one. Does nothing when {@code observability.enabled=false}.
 */
public class ObservabilityDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Name of the property source that holds the defaults.
	 */
	public static final String PROPERTY_SOURCE_NAME = "observabilityDefaults";

	/**
	 * Runs after the application's configuration files are loaded, so that their values are
	 * visible, and before logging is initialised.
	 */
	static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!isEnabled(environment) || environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		ObservabilityPropertyNames.check(environment, application.getClassLoader());
		Map<String, Object> defaults = defaults(ServiceInfo.from(environment));
		if (BootLine.BOOT_4 && !prefersJackson2(environment)) {
			// On Boot 4 the starter brings Jackson 2 (for the browser tunnel), and with it Boot builds
			// a Jackson 2 mapper for actuator responses that only a Jackson 2 message converter
			// would use: about 0.4 s of startup on one CPU, for nothing.
			defaults.put("management.endpoints.jackson2.isolated-object-mapper", false);
		}
		// Spring Boot moves the application's default properties behind every other source once this
		// has run: a key set there must not be taken over.
		defaults.keySet().removeIf(environment::containsProperty);
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	private static boolean prefersJackson2(ConfigurableEnvironment environment) {
		return "jackson2".equalsIgnoreCase(environment.getProperty("spring.http.converters.preferred-json-mapper"))
				|| "jackson2".equalsIgnoreCase(environment.getProperty("spring.http.codecs.preferred-json-mapper"));
	}

	static boolean isEnabled(ConfigurableEnvironment environment) {
		return Binder.get(environment).bind("observability.enabled", Boolean.class).orElse(true);
	}

	private static Map<String, Object> defaults(ServiceInfo service) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		// Nothing sensitive; the scrape is protected by the metrics configuration.
		defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus,observability");
		defaults.put("management.endpoint.health.probes.enabled", true);
		defaults.put("management.endpoint.health.probes.add-additional-paths", true);
		defaults.put("management.metrics.distribution.percentiles-histogram.http.server.requests", true);
		defaults.put("management.metrics.distribution.slo.http.server.requests", "100ms,250ms,500ms,1s,2s,5s");
		// Every series names its service and environment, the labels dashboards filter on.
		defaults.put("management.metrics.tags.application", service.name());
		defaults.put("management.metrics.tags.environment", service.environment());
		defaults.put("management.info.build.enabled", true);
		// /actuator/info is public: the exact JDK build helps an attacker more than an operator.
		defaults.put("management.info.java.enabled", false);
		// Readable console lines (JSON off) still carry the request and trace ids.
		defaults.put("logging.pattern.correlation", "[%X{requestId:-},%X{traceId:-},%X{spanId:-}] ");
		return defaults;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
