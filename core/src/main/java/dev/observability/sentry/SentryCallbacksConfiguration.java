package dev.observability.sentry;

import dev.observability.logging.AccessLogFilter;
import io.sentry.Breadcrumb;
import io.sentry.Hint;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;

/**
 * Composes Sentry's single {@code beforeSend} and {@code beforeBreadcrumb} slots so that the
 * application keeps its own callbacks and the privacy policy still has the last word:
 * <ol>
 * <li>client errors are dropped (when {@code observability.sentry.ignore-client-errors});</li>
 * <li>errors the OpenTelemetry SDK logs about itself (an unreachable collector, one every export)
 * are dropped: they would fill Sentry with one issue about tracing, and the spans they lose are
 * counted in {@code observability.spans.dropped};</li>
 * <li>the application's own callback bean, which Sentry's auto-configuration set, runs;</li>
 * <li>the {@link SentryEventScrubber} scrubs what is left, including what the application
 * added.</li>
 * </ol>
 * Breadcrumbs of the access lines are dropped before the application's callback: they are made
 * after their request is over and never show in an event.
 * A scrubber that fails drops the event rather than send it unscrubbed. Runs after Sentry's own
 * options configuration, which is ordered first.
 */
public final class SentryCallbacksConfiguration implements Sentry.OptionsConfiguration<SentryOptions>, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(SentryCallbacksConfiguration.class);

	private static final String OPENTELEMETRY_LOGGERS = "io.opentelemetry.";

	private static final String ACCESS_LOGGER = AccessLogFilter.LOGGER_NAME;

	private final SentryEventScrubber scrubber;

	private final ClientErrorClassifier classifier;

	private final boolean ignoreClientErrors;

	private final SentryOptions.OnDiscardCallback discardCounter;

	private final boolean openTelemetryTracing;

	public SentryCallbacksConfiguration(SentryEventScrubber scrubber, boolean ignoreClientErrors,
			SentryOptions.OnDiscardCallback discardCounter, boolean openTelemetryTracing) {
		this.scrubber = scrubber;
		this.classifier = new ClientErrorClassifier();
		this.ignoreClientErrors = ignoreClientErrors;
		this.discardCounter = discardCounter;
		this.openTelemetryTracing = openTelemetryTracing;
	}

	@Override
	public void configure(SentryOptions options) {
		options.setBeforeSend(new ScrubbingBeforeSend(this, options.getBeforeSend()));
		SentryOptions.BeforeBreadcrumbCallback applicationBreadcrumbs = options.getBeforeBreadcrumb();
		options.setBeforeBreadcrumb((breadcrumb, hint) -> beforeBreadcrumb(applicationBreadcrumbs, breadcrumb, hint));
		if (this.discardCounter != null) {
			SentryOptions.OnDiscardCallback existing = options.getOnDiscard();
			options.setOnDiscard((reason, category, number) -> {
				this.discardCounter.execute(reason, category, number);
				if (existing != null) {
					existing.execute(reason, category, number);
				}
			});
		}
		if (this.openTelemetryTracing && options.isTracingEnabled()) {
			logger.warn("Both OpenTelemetry (Micrometer Tracing) and Sentry performance tracing are on, so every "
					+ "request is traced twice; remove sentry.traces-sample-rate (or sentry.traces-sampler) to keep "
					+ "OpenTelemetry only");
		}
	}

	public SentryEvent beforeSend(SentryOptions.BeforeSendCallback application, SentryEvent event, Hint hint) {
		if (this.ignoreClientErrors && this.classifier.isClientError(event)) {
			return null;
		}
		if (event.getLogger() != null && event.getLogger().startsWith(OPENTELEMETRY_LOGGERS)) {
			return null;
		}
		SentryEvent result = (application != null) ? application.execute(event, hint) : event;
		if (result == null) {
			return null;
		}
		try {
			return this.scrubber.scrub(result);
		}
		catch (RuntimeException ex) {
			logger.warn("Dropped a Sentry event that could not be scrubbed ({})", ex.getClass().getName());
			return null;
		}
	}

	public Breadcrumb beforeBreadcrumb(SentryOptions.BeforeBreadcrumbCallback application, Breadcrumb breadcrumb, Hint hint) {
		// Sentry's logback appender makes a breadcrumb of every INFO line. A request's access line
		// is written when the request is over, after any event of its own was sent, into a scope
		// that is then thrown away: it can never show in an event.
		if (ACCESS_LOGGER.equals(breadcrumb.getCategory())) {
			return null;
		}
		Breadcrumb result = (application != null) ? application.execute(breadcrumb, hint) : breadcrumb;
		if (result == null) {
			return null;
		}
		try {
			return this.scrubber.scrub(result);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * Whether these callbacks are the ones that Sentry calls last before sending an event, so that
	 * what leaves is scrubbed.
	 * @param options the options of the running Sentry SDK
	 * @return whether the scrubbing callback is attached
	 */
	public static boolean isAttached(SentryOptions options) {
		return options.getBeforeSend() instanceof ScrubbingBeforeSend;
	}

	/**
	 * The {@code beforeSend} callback: the application's own, then the scrubber. A class of its own,
	 * so that the running SDK can be asked whether it is in place.
	 */
	private static final class ScrubbingBeforeSend implements SentryOptions.BeforeSendCallback {

		private final SentryCallbacksConfiguration callbacks;

		private final SentryOptions.BeforeSendCallback application;

		ScrubbingBeforeSend(SentryCallbacksConfiguration callbacks, SentryOptions.BeforeSendCallback application) {
			this.callbacks = callbacks;
			this.application = application;
		}

		@Override
		public SentryEvent execute(SentryEvent event, Hint hint) {
			return this.callbacks.beforeSend(this.application, event, hint);
		}

	}

}
