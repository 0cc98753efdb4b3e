package dev.observability.autoconfigure.core;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Root switch of the starter, bound to {@code observability.*}.
 * <p>
 * Each concern has its own group ({@code observability.request-id}, {@code observability.logging},
 * {@code observability.privacy}, ...) with its own {@code enabled} switch; this class holds what is
 * shared by all of them.
 */
@ConfigurationProperties("observability")
public class ObservabilityProperties {

	/**
	 * Whether the starter is active. When false, no bean is contributed and no default of Spring
	 * Boot's own settings is changed.
	 */
	private boolean enabled = true;

	/**
	 * Deployment environment reported on logs, metrics, traces and errors (for example
	 * "production"). Defaults to the first active Spring profile, else "default".
	 */
	private String environment;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(String environment) {
		this.environment = environment;
	}

}
