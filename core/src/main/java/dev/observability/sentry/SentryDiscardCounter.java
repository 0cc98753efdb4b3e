package dev.observability.sentry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sentry.DataCategory;
import io.sentry.SentryOptions;
import io.sentry.clientreport.DiscardReason;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts what Sentry drops before it reaches the server (queue overflow, network error, rate
 * limit, a callback's decision, ...) in the Micrometer counter {@value #METER_NAME}, tagged with
 * the {@code reason} and the data {@code category}. The registry is looked up at the first drop,
 * never during startup.
 */
public final class SentryDiscardCounter implements SentryOptions.OnDiscardCallback {

	public static final String METER_NAME = "observability.sentry.dropped";

	private final ObjectProvider<MeterRegistry> registry;

	public SentryDiscardCounter(ObjectProvider<MeterRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void execute(DiscardReason reason, DataCategory category, Long number) {
		MeterRegistry meterRegistry = this.registry.getIfUnique();
		if (meterRegistry == null) {
			return;
		}
		Counter.builder(METER_NAME)
			.description("Sentry events and other data dropped before reaching Sentry")
			.tag("reason", reason.getReason())
			.tag("category", category.getCategory())
			.register(meterRegistry)
			.increment(number);
	}

}
