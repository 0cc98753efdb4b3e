package dev.observability.autoconfigure.metrics;

import dev.observability.autoconfigure.core.SecretProperty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Metrics, bound to {@code observability.metrics.*}. Spring Boot's own settings stay under
 * {@code management.metrics.*}.
 */
@ConfigurationProperties("observability.metrics")
public class MetricsIntegrationProperties {

	/**
	 * Most distinct values a flow key (command, provider, source, ...) may take on a metric; further
	 * values fold into "OTHER" and a warning is logged once.
	 */
	private int maxTagValues = 100;

	/**
	 * Access to the Prometheus scrape endpoint.
	 */
	private final Prometheus prometheus = new Prometheus();

	public int getMaxTagValues() {
		return this.maxTagValues;
	}

	public void setMaxTagValues(int maxTagValues) {
		if (maxTagValues < 1) {
			throw new InvalidConfigurationPropertyValueException("observability.metrics.max-tag-values", maxTagValues,
					"A flow key needs room for at least one value.");
		}
		this.maxTagValues = maxTagValues;
	}

	public Prometheus getPrometheus() {
		return this.prometheus;
	}

	/**
	 * How the scrape is protected.
	 */
	public enum Security {

		/**
		 * HTTP Basic (username and password) or a bearer token.
		 */
		BASIC,

		/**
		 * No protection: anyone who reaches the endpoint reads every metric. Warned about at
		 * startup.
		 */
		NONE

	}

	/**
	 * Prometheus scrape endpoint settings.
	 */
	public static class Prometheus {

		private static final int MINIMUM_SECRET_LENGTH = 12;

		/**
		 * How the scrape endpoint is protected: "basic" (HTTP Basic or a bearer token) or "none".
		 */
		private Security security = Security.BASIC;

		/**
		 * User name of the scrape's HTTP Basic credentials.
		 */
		private String username = "prometheus";

		/**
		 * Password of the scrape's HTTP Basic credentials, at least 12 characters. When neither a
		 * password nor a token is set, a random password is generated and logged once at WARN.
		 */
		private String password;

		/**
		 * Bearer token accepted instead of the HTTP Basic credentials, at least 12 characters.
		 */
		private String token;

		public Security getSecurity() {
			return this.security;
		}

		public void setSecurity(Security security) {
			this.security = security;
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(String username) {
			if (username == null || username.isEmpty() || username.contains(":")) {
				throw new InvalidConfigurationPropertyValueException("observability.metrics.prometheus.username",
						username, "A user name is not empty and has no ':'.");
			}
			this.username = username;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password;
		}

		public String getToken() {
			return this.token;
		}

		public void setToken(String token) {
			this.token = token;
		}

		/**
		 * Check the password and the token before they are used: checked here rather than when they
		 * are bound, so that a refused value is never printed in the startup failure report.
		 */
		void checkSecrets() {
			SecretProperty.check("observability.metrics.prometheus.password", this.password, MINIMUM_SECRET_LENGTH);
			SecretProperty.check("observability.metrics.prometheus.token", this.token, MINIMUM_SECRET_LENGTH);
		}

	}

}
