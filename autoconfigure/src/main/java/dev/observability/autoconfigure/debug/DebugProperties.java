package dev.observability.autoconfigure.debug;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tools for checking the set-up, bound to {@code observability.debug.*}.
 */
@ConfigurationProperties("observability.debug")
public class DebugProperties {

	/**
	 * Routes that fail on purpose, to see an error travel to logs, Sentry, traces and metrics.
	 */
	private final ErrorRoutes errorRoutes = new ErrorRoutes();

	public ErrorRoutes getErrorRoutes() {
		return this.errorRoutes;
	}

	/**
	 * Error-injection routes.
	 */
	public static class ErrorRoutes {

		/**
		 * Whether /debug/error (throws), /debug/async-error (a failing background task) and
		 * /debug/job-error (a failing scheduled job) exist. Never with a "prod" profile active.
		 */
		private boolean enabled = false;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
