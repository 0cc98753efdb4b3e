package dev.observability.autoconfigure.correlation;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * User context correlation, bound to {@code observability.user-context.*}.
 */
@ConfigurationProperties("observability.user-context")
public class UserContextProperties {

	/**
	 * Whether the authenticated user's id, organisation id and hashed session id join the MDC of
	 * each request.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
