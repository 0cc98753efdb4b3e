package dev.observability.sentry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts the envelope items the browser tunnel drops because they cannot be scrubbed (attachments,
 * replays, anything that is not JSON) in the Micrometer counter {@value #METER_NAME}, tagged with
 * the item {@code type} (a known type name, else {@code other}). The registry is looked up at the
 * first drop, never during startup.
 */
public final class SentryTunnelDropCounter implements EnvelopeScrubber.DroppedItems {

	public static final String METER_NAME = "observability.sentry.tunnel.items.dropped";

	private final ObjectProvider<MeterRegistry> registry;

	public SentryTunnelDropCounter(ObjectProvider<MeterRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void dropped(String type) {
		MeterRegistry meterRegistry = this.registry.getIfUnique();
		if (meterRegistry == null) {
			return;
		}
		Counter.builder(METER_NAME)
			.description("Items of tunnelled Sentry envelopes dropped because they cannot be scrubbed")
			.tag("type", type)
			.register(meterRegistry)
			.increment();
	}

}
