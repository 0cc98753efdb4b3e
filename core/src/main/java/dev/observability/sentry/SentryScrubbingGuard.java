package dev.observability.sentry;

import io.sentry.Sentry;
import io.sentry.SentryOptions;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Fails startup when the Sentry SDK is running but the starter's scrubbing is not what it calls
 * before sending: an event would leave the process unscrubbed. That happens when Sentry was
 * started outside its Spring integration (a {@code Sentry.init} of the application's own), when
 * that integration is missing or has moved, or when a later options callback replaced the
 * starter's {@code beforeSend}. Checked once every singleton, Sentry's own included, is created.
 */
public final class SentryScrubbingGuard implements SmartInitializingSingleton {

	@Override
	public void afterSingletonsInstantiated() {
		if (Sentry.isEnabled()) {
			verify(Sentry.getCurrentScopes().getOptions());
		}
	}

	/**
	 * Verify that events of the given SDK options are scrubbed.
	 * @param options the options of a running SDK
	 * @throws IllegalStateException if they are not
	 */
	public static void verify(SentryOptions options) {
		if (!SentryCallbacksConfiguration.isAttached(options)) {
			throw new IllegalStateException("Sentry is running, but its events would not be scrubbed by the "
					+ "observability starter's privacy policy: its beforeSend callback is not the one Sentry calls. "
					+ "Let Sentry's Spring Boot integration start the SDK (set sentry.dsn rather than calling "
					+ "Sentry.init), and register your own callback as a SentryOptions.BeforeSendCallback bean so that "
					+ "the starter runs it before scrubbing; or set observability.sentry.enabled=false to send "
					+ "events unscrubbed on purpose.");
		}
	}

}
