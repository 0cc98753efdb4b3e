package dev.observability.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts what the starter could not deliver in one meter, tagged with the {@code reason}. The
 * registry is looked up at the first drop, never during startup.
 */
public class DropCounter {

	private final String meterName;

	private final String description;

	private final ObjectProvider<MeterRegistry> registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	protected DropCounter(String meterName, String description, ObjectProvider<MeterRegistry> registry) {
		this.meterName = meterName;
		this.description = description;
		this.registry = registry;
	}

	/**
	 * Count the items of an export as {@code export_failed} should it fail (a refused, timed-out or
	 * unreachable collector).
	 * @param result the export's result, complete or not
	 * @param count how many items it sent
	 * @return the same result
	 */
	public CompletableResultCode countFailure(CompletableResultCode result, int count) {
		result.whenComplete(() -> {
			if (!result.isSuccess()) {
				dropped("export_failed", count);
			}
		});
		return result;
	}

	/**
	 * Count items dropped for a reason.
	 * @param reason why they were dropped
	 * @param count how many
	 */
	public void dropped(String reason, long count) {
		if (count <= 0) {
			return;
		}
		// Drops come in floods (a full queue drops every item): registry and counter are looked up once.
		Counter counter = this.counters.get(reason);
		if (counter == null) {
			MeterRegistry meterRegistry = (this.registry != null) ? this.registry.getIfUnique() : null;
			if (meterRegistry == null) {
				return;
			}
			counter = this.counters.computeIfAbsent(reason, (key) -> Counter.builder(this.meterName)
				.description(this.description)
				.tag("reason", key)
				.register(meterRegistry));
		}
		counter.increment(count);
	}

}
