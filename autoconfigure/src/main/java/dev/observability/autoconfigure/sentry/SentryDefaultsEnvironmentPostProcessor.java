package dev.observability.autoconfigure.sentry;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.observability.core.ServiceInfo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Gives Sentry the release and environment every other signal reports, at the lowest precedence:
 * {@code sentry.release} is {@code <service>@<version>} and {@code sentry.environment} follows
 * {@code observability.environment} or the active profile. Values the application sets win.
 */
public class SentryDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "observabilitySentryDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)
				|| !ClassUtils.isPresent("io.sentry.SentryOptions", getClass().getClassLoader())) {
			return;
		}
		Binder binder = Binder.get(environment);
		if (!binder.bind("observability.enabled", Boolean.class).orElse(true)
				|| !binder.bind("observability.sentry.enabled", Boolean.class).orElse(true)) {
			return;
		}
		ServiceInfo service = ServiceInfo.from(environment);
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("sentry.release", service.release());
		defaults.put("sentry.environment", service.environment());
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
