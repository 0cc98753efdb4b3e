package dev.observability.autoconfigure.tracing;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.tracing.autoconfigure.TracingProperties;
import org.springframework.core.env.Environment;

/**
 * Spring Boot's own tracing properties, bound from the environment, so that their defaults stay
 * Boot's.
 */
final class BootTracingProperties {

	private BootTracingProperties() {
	}

	static float samplingProbability(Environment environment) {
		return Binder.get(environment)
			.bindOrCreate("management.tracing", TracingProperties.class)
			.getSampling()
			.getProbability();
	}

}
