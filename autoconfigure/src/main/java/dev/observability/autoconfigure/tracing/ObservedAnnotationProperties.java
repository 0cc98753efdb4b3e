package dev.observability.autoconfigure.tracing;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Observation of {@code @Observed} methods, bound to {@code observability.observed.*}.
 */
@ConfigurationProperties("observability.observed")
public class ObservedAnnotationProperties {

	/**
	 * Whether methods annotated with @Observed (or declared by a class annotated with it) are
	 * observed: a span and a timer each. Done by a Spring AOP advisor, without AspectJ; when
	 * Spring Boot's own aspect is switched on (management.observations.annotations.enabled=true),
	 * the starter leaves @Observed to it.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
