package dev.observability.autoconfigure.sentry;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the starter adds to Sentry's own Spring Boot integration, bound to
 * {@code observability.sentry.*}. Sentry's settings stay under {@code sentry.*}.
 */
@ConfigurationProperties("observability.sentry")
public class SentryIntegrationProperties {

	/**
	 * Whether error events are enriched (request id, trace id, user) and scrubbed by the privacy
	 * policy. Sentry itself is on when "sentry.dsn" is set.
	 */
	private boolean enabled = true;

	/**
	 * Whether client errors (4xx responses, validation failures, client aborts) are kept out of
	 * Sentry.
	 */
	private boolean ignoreClientErrors = true;

	/**
	 * Whether the user's email address is kept on events; dropped by default.
	 */
	private boolean keepUserEmail = false;

	/**
	 * Whether the user's IP address is kept on events; dropped by default.
	 */
	private boolean keepUserIp = false;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isIgnoreClientErrors() {
		return this.ignoreClientErrors;
	}

	public void setIgnoreClientErrors(boolean ignoreClientErrors) {
		this.ignoreClientErrors = ignoreClientErrors;
	}

	public boolean isKeepUserEmail() {
		return this.keepUserEmail;
	}

	public void setKeepUserEmail(boolean keepUserEmail) {
		this.keepUserEmail = keepUserEmail;
	}

	public boolean isKeepUserIp() {
		return this.keepUserIp;
	}

	public void setKeepUserIp(boolean keepUserIp) {
		this.keepUserIp = keepUserIp;
	}

}
