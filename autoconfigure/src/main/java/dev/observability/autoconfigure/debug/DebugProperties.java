package dev.observability.autoconfigure.debug;

import java.util.ArrayList;
import java.util.List;

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
		 * /debug/job-error (a failing scheduled job) exist. Never while one of the refused
		 * profiles is active.
		 */
		private boolean enabled = false;

		/**
		 * Profiles under which the error routes never exist, even when enabled; compared with
		 * the active profiles without regard to case. An empty list refuses none.
		 */
		private List<String> refusedProfiles = new ArrayList<>(List.of("prod", "production", "live"));

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getRefusedProfiles() {
			return this.refusedProfiles;
		}

		public void setRefusedProfiles(List<String> refusedProfiles) {
			this.refusedProfiles = refusedProfiles;
		}

	}

}
