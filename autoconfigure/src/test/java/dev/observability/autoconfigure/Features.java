package dev.observability.autoconfigure;

import java.util.Optional;

import dev.observability.autoconfigure.core.ObservabilityFeature;

import org.springframework.context.ApplicationContext;

/**
 * Reads the startup summary's entries of an application.
 */
public final class Features {

	private Features() {
	}

	/**
	 * The status of one entry, as the startup line and {@code /actuator/observability} show it.
	 * @param context the application
	 * @param name the entry's name
	 * @return its status, or empty when the concern is not active
	 */
	public static Optional<String> status(ApplicationContext context, String name) {
		return context.getBeansOfType(ObservabilityFeature.class)
			.values()
			.stream()
			.filter((feature) -> feature.name().equals(name))
			.findFirst()
			.map(ObservabilityFeature::status);
	}

}
