package dev.observability.autoconfigure.sentry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.observability.autoconfigure.core.PropertyChecks;
import dev.observability.sentry.SentryDsn;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

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

	/**
	 * Whether a request's Sentry scopes are forked, and its data (URL, headers, breadcrumb,
	 * transaction name) put on an event, only when the request needs them, instead of on every
	 * request as Sentry's own filter does. Sentry's filter runs instead when false, or when
	 * "sentry.max-request-body-size" asks for request bodies.
	 */
	private boolean lazyRequestData = true;

	/**
	 * The browser tunnel: an endpoint of this application that forwards Sentry envelopes from
	 * browsers to Sentry, so that ad blockers do not drop them and the privacy policy applies.
	 */
	private final Tunnel tunnel = new Tunnel();

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

	public boolean isLazyRequestData() {
		return this.lazyRequestData;
	}

	public void setLazyRequestData(boolean lazyRequestData) {
		this.lazyRequestData = lazyRequestData;
	}

	public boolean isKeepUserIp() {
		return this.keepUserIp;
	}

	public void setKeepUserIp(boolean keepUserIp) {
		this.keepUserIp = keepUserIp;
	}

	public Tunnel getTunnel() {
		return this.tunnel;
	}

	/**
	 * Browser tunnel settings.
	 */
	public static class Tunnel {

		/**
		 * Whether the tunnel endpoint is exposed.
		 */
		private boolean enabled = false;

		/**
		 * Path of the tunnel endpoint, the "tunnel" option of the browser SDK.
		 */
		private String path = "/monitoring/sentry";

		/**
		 * DSNs whose envelopes are forwarded; an envelope for any other DSN is refused with 403.
		 * Required when the tunnel is enabled.
		 */
		private List<String> allowedDsns = new ArrayList<>();

		/**
		 * Largest envelope accepted; a larger one is refused with 413.
		 */
		private DataSize maxEnvelopeSize = DataSize.ofMegabytes(1);

		/**
		 * How long forwarding an envelope to Sentry may take before the browser gets 504.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		/**
		 * Most envelopes being received or forwarded at once; more are refused with 429.
		 */
		private int maxConcurrentRequests = 32;

		/**
		 * Longest time the whole body of an envelope may take to arrive; a slower one is refused
		 * with 408.
		 */
		private Duration readTimeout = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			if (path == null || !path.startsWith("/") || path.contains("*")) {
				throw new InvalidConfigurationPropertyValueException("observability.sentry.tunnel.path", path,
						"The tunnel path starts with '/' and has no wildcard.");
			}
			this.path = path;
		}

		public List<String> getAllowedDsns() {
			return this.allowedDsns;
		}

		public void setAllowedDsns(List<String> allowedDsns) {
			for (int i = 0; i < allowedDsns.size(); i++) {
				if (SentryDsn.parse(allowedDsns.get(i)) == null) {
					throw new InvalidConfigurationPropertyValueException(
							"observability.sentry.tunnel.allowed-dsns[" + i + "]", allowedDsns.get(i),
							"Not a Sentry DSN of the form http(s)://public-key@host[:port][/path]/project-id.");
				}
			}
			this.allowedDsns = allowedDsns;
		}

		public DataSize getMaxEnvelopeSize() {
			return this.maxEnvelopeSize;
		}

		public void setMaxEnvelopeSize(DataSize maxEnvelopeSize) {
			this.maxEnvelopeSize = PropertyChecks.positive("observability.sentry.tunnel.max-envelope-size",
					maxEnvelopeSize);
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = PropertyChecks.positive("observability.sentry.tunnel.timeout", timeout);
		}

		public int getMaxConcurrentRequests() {
			return this.maxConcurrentRequests;
		}

		public void setMaxConcurrentRequests(int maxConcurrentRequests) {
			this.maxConcurrentRequests = PropertyChecks.atLeast("observability.sentry.tunnel.max-concurrent-requests",
					maxConcurrentRequests, 1);
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = PropertyChecks.positive("observability.sentry.tunnel.read-timeout", readTimeout);
		}

	}

}
